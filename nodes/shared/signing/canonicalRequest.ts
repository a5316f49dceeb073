import { createHash } from 'node:crypto';

export interface CanonicalRequestInput {
	method: string;
	/** The path exactly as sent, e.g. `/sandbox/v2/reports`. */
	path: string;
	/** The already canonical query string, without `?`. */
	canonicalQuery: string;
	/** Header names in lower case; only these are signed. */
	headers: Record<string, string>;
	/** The exact body bytes sent; empty for GET and DELETE. */
	body: string;
}

export function getSignedHeaderNames(headers: Record<string, string>): string[] {
	return Object.keys(headers).sort();
}

export function getCanonicalHeaders(headers: Record<string, string>): string {
	return getSignedHeaderNames(headers)
		.map((name) => `${name}:${headers[name].trim()}\n`)
		.join('');
}

export function getPayloadHash(body: string): string {
	return sha256Hex(body);
}

export function getCanonicalRequest(request: CanonicalRequestInput): string {
	return [
		request.method.toUpperCase(),
		request.path,
		request.canonicalQuery,
		getCanonicalHeaders(request.headers),
		getSignedHeaderNames(request.headers).join(';'),
		getPayloadHash(request.body),
	].join('\n');
}

export function sha256Hex(text: string): string {
	return createHash('sha256').update(text, 'utf8').digest('hex');
}
