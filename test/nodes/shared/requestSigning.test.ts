import { constants, createHash, generateKeyPairSync, verify } from 'node:crypto';

import { signOutgoingRequest, type OutgoingRequest } from '../../../nodes/shared/requestSigning';
import { getCanonicalRequest } from '../../../nodes/shared/signing/canonicalRequest';

const { privateKey, publicKey } = generateKeyPairSync('rsa', {
	modulusLength: 2048,
	privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
	publicKeyEncoding: { type: 'spki', format: 'pem' },
});
const credentials = {
	publicKeyId: 'AEDKJ4RWBO3IXXD5MNEO7GEZ',
	privateKey,
	region: 'eu',
	environment: 'sandbox',
	algorithm: 'AMZN-PAY-RSASSA-PSS-V2',
	baseUrl: '',
};
const now = new Date('2024-08-04T12:00:00Z');

// Verifies a signed request the way the server sees it: from the URL, headers and body sent.
function verifiesAsSent(request: { method?: string; url?: string; body?: unknown; headers?: Record<string, unknown> }) {
	const url = new URL(request.url!);
	const headers = request.headers as Record<string, string>;
	const [, algorithm, signedNames, signature] =
		/^(\S+) PublicKeyId=[^,]+, SignedHeaders=([^,]+), Signature=(.+)$/.exec(headers.authorization)!;
	const canonicalRequest = getCanonicalRequest({
		method: request.method!,
		path: url.pathname,
		canonicalQuery: url.search.slice(1),
		headers: Object.fromEntries(signedNames.split(';').map((name) => [name, headers[name]])),
		body: typeof request.body === 'string' ? request.body : '',
	});
	const stringToSign = `${algorithm}\n${createHash('sha256').update(canonicalRequest).digest('hex')}`;
	return verify('sha256', Buffer.from(stringToSign), {
		key: publicKey,
		padding: constants.RSA_PKCS1_PSS_PADDING,
		saltLength: algorithm.endsWith('-V2') ? 32 : 20,
	}, Buffer.from(signature, 'base64'));
}

describe('signOutgoingRequest takes each shape n8n hands to authenticate', () => {
	it("n8n's HTTP helper: relative url, qs and an object body", () => {
		const signed = signOutgoingRequest(credentials, {
			method: 'POST',
			url: '/v2/reports',
			qs: { note: 'a b' },
			body: { reportType: 'X' },
			json: true,
		} as never, now) as Record<string, unknown> & { url: string; headers: Record<string, string> };

		expect(signed.url).toBe('https://pay-api.amazon.eu/sandbox/v2/reports?note=a%20b');
		expect(signed.qs).toBeUndefined();
		expect(signed.body).toBe('{"reportType":"X"}');
		expect(signed.headers['x-amz-pay-host']).toBe('pay-api.amazon.eu');
		expect(signed.headers['x-amz-pay-region']).toBe('eu');
		expect(signed.headers['x-amz-pay-date']).toBe('2024-08-04T12:00:00Z');
		expect(verifiesAsSent(signed)).toBe(true);
	});

	it('the HTTP Request node: absolute uri with a query, object qs and body, extra headers', () => {
		const signed = signOutgoingRequest(credentials, {
			method: 'GET',
			uri: 'https://pay-api.amazon.eu/live/v2/reports?reportTypes=A,B',
			qs: { pageSize: 5 },
			body: {},
			headers: { 'X-Custom': 'kept', Authorization: 'stale' },
			json: false,
		} as never, now) as Record<string, unknown> & { uri: string; url: string; headers: Record<string, string> };

		expect(signed.uri).toBe('https://pay-api.amazon.eu/live/v2/reports?pageSize=5&reportTypes=A%2CB');
		expect(signed.url).toBe(signed.uri);
		expect(signed.body).toBeUndefined();
		expect(signed.headers['X-Custom']).toBe('kept');
		expect(signed.headers.Authorization).toBeUndefined();
		expect(verifiesAsSent(signed)).toBe(true);
	});

	it('the credential test: relative url and qs, no body', () => {
		const signed = signOutgoingRequest<OutgoingRequest>(credentials, { url: '/v2/reports', qs: { pageSize: 1 } }, now);
		expect(signed.url).toBe('https://pay-api.amazon.eu/sandbox/v2/reports?pageSize=1');
		expect(signed.method).toBe('GET');
		expect(verifiesAsSent(signed)).toBe(true);
	});

	it('signs again from its own output without encoding twice (n8n re-authenticates on a 401)', () => {
		const first = signOutgoingRequest<OutgoingRequest>(credentials, {
			method: 'POST',
			url: '/v2/reports',
			qs: { tag: 'x/y z' },
			body: { reportType: 'X' },
			headers: { 'x-amz-pay-idempotency-key': 'abc' },
		}, now);
		const second = signOutgoingRequest(credentials, first, new Date('2024-08-04T12:00:05Z'));
		expect(second.url).toBe(first.url);
		expect(second.body).toBe(first.body);
		expect(second.headers!['x-amz-pay-idempotency-key']).toBe('abc');
		expect(second.headers!['x-amz-pay-date']).toBe('2024-08-04T12:00:05Z');
		expect(Object.keys(second.headers!).filter((name) => name.toLowerCase() === 'authorization')).toHaveLength(1);
		expect(verifiesAsSent(second)).toBe(true);
	});

	it('leaves out the environment segment for a key ID that implies it, and honours a base URL', () => {
		const signed = signOutgoingRequest<OutgoingRequest>(
			{ ...credentials, publicKeyId: 'live-AEDKJ4RWBO3IXXD5MNEO7GEZ', baseUrl: 'http://127.0.0.1:8444/' },
			{ url: '/v2/reports/1' },
			now,
		);
		expect(signed.url).toBe('http://127.0.0.1:8444/v2/reports/1');
		expect(signed.headers!['x-amz-pay-host']).toBe('127.0.0.1:8444');
	});

	it.each([
		[{ publicKeyId: ' ' }, /Public Key ID is empty/],
		[{ algorithm: 'RSA' }, /Signature Algorithm "RSA" is not one Amazon Pay knows/],
		[{ region: 'mars' }, /Region "mars" is not an Amazon Pay region/],
		[{ baseUrl: 'localhost:8444' }, /Base URL must start with http/],
		[{ baseUrl: 'http//x' }, /Base URL "http\/\/x" is not a URL/],
	])('refuses bad credential values: %j', (override, expected) => {
		expect(() => signOutgoingRequest({ ...credentials, ...override }, { url: '/v2/reports' }, now)).toThrow(expected);
	});
});
