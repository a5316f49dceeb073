import { constants, createHash, generateKeyPairSync, verify } from 'node:crypto';

import { AmazonPayInputError } from '../../../nodes/shared/errors';
import { signOutgoingRequest, type OutgoingRequest } from '../../../nodes/shared/requestSigning';
import { getCanonicalRequest } from '../../../nodes/shared/signing/canonicalRequest';
import { generateKeyPair } from '../../emulator/keys';
import { getCanonicalQuery as serverCanonicalQuery } from '../../emulator/signature';

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

/** The error a call throws; fails the test when it throws none or another kind. */
function inputErrorOf(call: () => unknown): AmazonPayInputError {
	try {
		call();
	} catch (error) {
		expect(error).toBeInstanceOf(AmazonPayInputError);
		return error as AmazonPayInputError;
	}
	throw new Error('nothing was thrown');
}

describe('the Public Key ID', () => {
	const publicKeyIdSent = (publicKeyId: unknown) => {
		const signed = signOutgoingRequest<OutgoingRequest>({ ...credentials, publicKeyId }, { url: '/v2/reports' }, now);
		return { id: /PublicKeyId=([^,]*),/.exec(signed.headers!.authorization as string)![1], url: signed.url! };
	};

	it.each([
		['double quotes, as in JSON', '"SANDBOX-AEDKJ4RWBO3IXXD5MNEO7GEZ"'],
		['single quotes', "'SANDBOX-AEDKJ4RWBO3IXXD5MNEO7GEZ'"],
		['typographic quotes', '\u201CSANDBOX-AEDKJ4RWBO3IXXD5MNEO7GEZ\u201D'],
		['quotes and blanks around, blanks inside', '  " SANDBOX-AEDKJ4RWBO3IXXD5MNEO7GEZ\n"  '],
		['a zero-width space and a byte order mark', '\uFEFFSANDBOX-AEDKJ4RWBO3IXXD5MNEO7GEZ\u200B'],
		['bidirectional marks', '\u202A\u200ESANDBOX-AEDKJ4RWBO3IXXD5MNEO7GEZ\u200F\u202C'],
	])('is unquoted and cleaned: %s', (_name, pasted) => {
		const sent = publicKeyIdSent(pasted);
		expect(sent.id).toBe('SANDBOX-AEDKJ4RWBO3IXXD5MNEO7GEZ');
		// The key ID implies the environment once it is read correctly: no /sandbox segment.
		expect(sent.url).toBe('https://pay-api.amazon.eu/v2/reports');
	});

	it('keeps the key IDs of Seller Central, the emulator and the tests as they are', () => {
		const ids = [
			'AEDKJ4RWBO3IXXD5MNEO7GEZ',
			'SANDBOX-AEDKJ4RWBO3IXXD5MNEO7GEZ',
			'live-AEDKJ4RWBO3IXXD5MNEO7GEZ',
			'SANDBOX-ABC',
			'SANDBOX-AE2EHARNESSKEY0000000000',
			'SANDBOX-AUNKNOWNKEY00000000000000',
			...(['', 'SANDBOX-', 'LIVE-'] as const).map((prefix) => generateKeyPair({ prefix }).publicKeyId),
		];
		for (const id of ids) expect(publicKeyIdSent(id).id).toBe(id);
	});

	it.each([
		['a comma and more header parameters', 'SANDBOX-AEDKJ4RWBO3IXXD5MNEO7GEZ, Signature=abc', /has "," \(U\+002C\) at position 33/],
		['a space inside', 'SANDBOX- AEDKJ4RWBO3IXXD5MNEO7GEZ', /has a space at position 9/],
		['a tab inside', 'SANDBOX-\tAEDKJ4RWBO3IXXD5MNEO7GEZ', /has a tab at position 9/],
		['a line break inside', 'SANDBOX-AEDK\r\nJ4RWBO3IXXD5MNEO7GEZ', /has a line break at position 13/],
		['non-ASCII letters', 'SANDBOX-ÄEDKJ4RWBO3IXXD5MNEO7GEZ', /has "Ä" \(U\+00C4\) at position 9/],
		['a non-breaking space inside', 'SANDBOX-\u00A0AEDKJ4RWBO3IXXD5MNEO7GEZ', /a special space \(U\+00A0\) at position 9/],
		['a control character inside', 'SANDBOX-\u0000AEDKJ4RWBO3IXXD5MNEO7GEZ', /invisible or control character \(U\+0000\) at position 9/],
		['an equals sign', 'SANDBOX-AEDKJ4RWBO3IXXD5MNEO7GEZ=', /has "=" \(U\+003D\) at position 33/],
		['an emoji', 'SANDBOX-😀', /has "😀" \(U\+1F600\) at position 9/],
		['only quotes', '""', /Public Key ID is empty/],
		['a private key', privateKey, /holds a private key: paste that into the Private Key field/],
	])('refuses %s, naming the field and an accepted ID', (_name, publicKeyId, expected) => {
		const error = inputErrorOf(() => signOutgoingRequest({ ...credentials, publicKeyId }, { url: '/v2/reports' }, now));
		expect(error.field).toBe('Public Key ID');
		expect(error.message).toMatch(expected);
		expect(error.hint).toContain('letters, digits and dashes');
		expect(error.hint).toContain('SANDBOX-AEDKJ4RWBO3IXXD5MNEO7GEZ');
		// What was pasted is not repeated: it may be a secret in the wrong field.
		expect(error.message).not.toContain(publicKeyId.slice(0, 20));
	});
});

describe('the query of a URL that already carries one', () => {
	const signUri = (uri: string, qs?: Record<string, unknown>) =>
		signOutgoingRequest<OutgoingRequest>(credentials, { method: 'GET', uri, qs }, now);
	const queryOf = (url: string) => url.slice(url.indexOf('?') + 1);

	it.each([
		['a repeated parameter', '?reportTypes=A&reportTypes=B', 'reportTypes=A&reportTypes=B'],
		['repeated values out of order, among others', '?reportTypes=B&pageSize=5&reportTypes=A', 'pageSize=5&reportTypes=A&reportTypes=B'],
		['the same value twice', '?a=1&a=1', 'a=1&a=1'],
		['a literal plus, as in a base64 nextToken', '?nextToken=ab+c/d==', 'nextToken=ab%2Bc%2Fd%3D%3D'],
		['a plus in a name', '?a+b=1', 'a%2Bb=1'],
		['percent escapes, a space among them', '?nextToken=a%20b%2Bc%2fd', 'nextToken=a%20b%2Bc%2Fd'],
		['UTF-8 escapes', '?note=K%C3%B6ln', 'note=K%C3%B6ln'],
		['a percent sign that starts no escape', '?note=100%', 'note=100%25'],
		['a parameter named __proto__', '?__proto__=x', '__proto__=x'],
	])('keeps every value and every plus: %s', (_name, search, expected) => {
		const signed = signUri(`https://pay-api.amazon.eu/sandbox/v2/reports${search}`);
		expect(queryOf(signed.url!)).toBe(expected);
		// The server's own canonical form of what is sent is what was signed.
		expect(serverCanonicalQuery(queryOf(signed.url!))).toBe(expected);
		expect(verifiesAsSent(signed)).toBe(true);
	});

	it('sends the parameters of both the URL and qs, as n8n does without signing', () => {
		const signed = signUri('https://pay-api.amazon.eu/sandbox/v2/reports?reportTypes=B', { reportTypes: 'A', pageSize: 2 });
		expect(queryOf(signed.url!)).toBe('pageSize=2&reportTypes=A&reportTypes=B');
		expect(verifiesAsSent(signed)).toBe(true);
	});

	it('still joins an array in qs with commas, the list Amazon reads', () => {
		const signed = signUri('https://pay-api.amazon.eu/sandbox/v2/reports', { reportTypes: ['A', 'B'], flags: [1, true, null] });
		expect(queryOf(signed.url!)).toBe('flags=1%2Ctrue%2C&reportTypes=A%2CB');
		expect(verifiesAsSent(signed)).toBe(true);
	});

	it('a base64 nextToken read from the URL survives a second signing', () => {
		const first = signUri('https://pay-api.amazon.eu/sandbox/v2/reports?nextToken=eyJh+b/c==');
		const second = signOutgoingRequest(credentials, first, now);
		expect(second.url).toBe(first.url);
		expect(decodeURIComponent(queryOf(second.url!).replace(/^nextToken=/, ''))).toBe('eyJh+b/c==');
	});

	it.each([
		['an object', { filter: { status: 'COMPLETED' } }, /query parameter "filter" is an object/],
		['an object in a list', { reportTypes: ['A', { b: 1 }] }, /query parameter "reportTypes" is an object/],
		['a function', { callback: () => 1 }, /query parameter "callback" is a function/],
	])('refuses %s in qs, naming the parameter', (_name, qs, expected) => {
		const error = inputErrorOf(() => signUri('https://pay-api.amazon.eu/sandbox/v2/reports', qs));
		expect(error.field).toBe('Query Parameters');
		expect(error.message).toMatch(expected);
		expect(error.hint).toMatch(/comma-separated list/);
	});
});
