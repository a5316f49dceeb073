import { getCanonicalQuery, parseAuthorization } from './signature';

// Received query string -> canonical query, per the rules in amazon-pay-reports-api.md.
const CANONICAL_QUERY_CASES: Array<[string, string, string]> = [
	['empty', '', ''],
	[
		'sorted by name',
		'pageSize=5&createdSince=20221101T000000Z',
		'createdSince=20221101T000000Z&pageSize=5',
	],
	['sorted by value on equal names', 'a=2&a=1', 'a=1&a=2'],
	['plus is a literal plus', 'q=a+b', 'q=a%2Bb'],
	['encoded space stays %20', 'q=a%20b', 'q=a%20b'],
	['sub-delims encoded strictly', "q=!*'()", 'q=%21%2A%27%28%29'],
	['lower-case escapes upper-cased', 'q=%2c', 'q=%2C'],
	['needless escape of unreserved undone', 'q=%7E%41', 'q=~A'],
	['comma encoded', 'processingStatuses=COMPLETED,FAILED', 'processingStatuses=COMPLETED%2CFAILED'],
	['colon encoded', 'createdSince=2022-11-01T00:00:00Z', 'createdSince=2022-11-01T00%3A00%3A00Z'],
	['UTF-8 bytes', 'q=%C3%BC', 'q=%C3%BC'],
	['name without value', 'flag', 'flag='],
	['empty pairs skipped', 'a=1&&b=2', 'a=1&b=2'],
	['only the first = splits', 'token=ab==', 'token=ab%3D%3D'],
];

describe('getCanonicalQuery', () => {
	it.each(CANONICAL_QUERY_CASES)('%s', (_name, received, canonical) => {
		expect(getCanonicalQuery(received)).toBe(canonical);
	});
});

describe('parseAuthorization', () => {
	it('reads the three parameters and lower-cases header names', () => {
		expect(
			parseAuthorization(
				'AMZN-PAY-RSASSA-PSS-V2 PublicKeyId=SANDBOX-ABC, ' +
					'SignedHeaders=Accept;content-type, Signature=YWJj',
			),
		).toEqual({
			algorithm: 'AMZN-PAY-RSASSA-PSS-V2',
			publicKeyId: 'SANDBOX-ABC',
			signedHeaders: ['accept', 'content-type'],
			signature: 'YWJj',
		});
	});

	it.each([
		'AMZN-PAY-RSASSA-PSS-V2 PublicKeyId=A, SignedHeaders=accept',
		'AMZN-PAY-RSASSA-PSS-V2 PublicKeyId=A, SignedHeaders=accept, Signature=not base64!',
		'AMZN-PAY-RSASSA-PSS-V2 PublicKeyId=A, PublicKeyId=B, SignedHeaders=accept, Signature=YQ==',
		'AMZN-PAY-RSASSA-PSS-V2 PublicKeyId=A, SignedHeaders=accept, Signature=YQ==, Extra=1',
		'RSA PublicKeyId=A, SignedHeaders=accept, Signature=YQ==',
	])('refuses %s as InvalidHeaderValue', (header) => {
		expect(() => parseAuthorization(header)).toThrow(
			expect.objectContaining({ status: 400, reasonCode: 'InvalidHeaderValue' }),
		);
	});
});
