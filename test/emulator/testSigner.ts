// A second, deliberately plain signer for the emulator's own tests. It shares no code with
// the emulator's checker nor with the package's signer, so each can catch the others' bugs.

import { constants, createHash, sign } from 'node:crypto';

export const V2 = 'AMZN-PAY-RSASSA-PSS-V2';
export const LEGACY = 'AMZN-PAY-RSASSA-PSS';

export interface TestSignInput {
	method: string;
	/** Path as it will be sent, e.g. /sandbox/v2/reports. */
	path: string;
	query?: Record<string, string>;
	body?: string;
	publicKeyId: string;
	privateKeyPem: string;
	region?: string;
	host?: string;
	/** x-amz-pay-date; the current time in compact form when left out. */
	date?: string;
	algorithm?: string;
	/** Salt length actually used; the algorithm's own when left out. */
	saltLength?: number;
	/** Extra headers to send and sign (lower-case names). */
	headers?: Record<string, string>;
	/** Names to list in SignedHeaders; every sent header when left out. */
	signedHeaders?: string[];
}

export interface SignedRequest {
	/** Path and query string, identical to what was signed. */
	target: string;
	headers: Record<string, string>;
	body?: string;
}

export function compactDate(ms: number): string {
	return new Date(ms).toISOString().slice(0, 19).replace(/[-:]/g, '') + 'Z';
}

function rfc3986(text: string): string {
	return encodeURIComponent(text).replace(
		/[!'()*]/g,
		(character) => '%' + character.charCodeAt(0).toString(16).toUpperCase(),
	);
}

export function signForTest(input: TestSignInput): SignedRequest {
	const algorithm = input.algorithm ?? V2;
	const headers: Record<string, string> = {
		accept: 'application/json',
		'content-type': 'application/json',
		'x-amz-pay-date': input.date ?? compactDate(Date.now()),
		'x-amz-pay-host': input.host ?? 'pay-api.amazon.com',
		'x-amz-pay-region': input.region ?? 'na',
		...input.headers,
	};

	const query = Object.entries(input.query ?? {})
		.map(([name, value]) => `${rfc3986(name)}=${rfc3986(value)}`)
		.sort()
		.join('&');
	const signedNames = (input.signedHeaders ?? Object.keys(headers)).slice().sort();

	let canonical = `${input.method}\n${input.path}\n${query}\n`;
	for (const name of signedNames) canonical += `${name}:${headers[name] ?? ''}\n`;
	canonical += `\n${signedNames.join(';')}\n`;
	canonical += createHash('sha256')
		.update(input.body ?? '')
		.digest('hex');

	const stringToSign = `${algorithm}\n${createHash('sha256').update(canonical).digest('hex')}`;
	const saltLength = input.saltLength ?? (algorithm === V2 ? 32 : 20);
	const signature = sign('sha256', Buffer.from(stringToSign), {
		key: input.privateKeyPem,
		padding: constants.RSA_PKCS1_PSS_PADDING,
		saltLength,
	}).toString('base64');

	headers.authorization =
		`${algorithm} PublicKeyId=${input.publicKeyId}, ` +
		`SignedHeaders=${signedNames.join(';')}, Signature=${signature}`;

	return { target: query ? `${input.path}?${query}` : input.path, headers, body: input.body };
}
