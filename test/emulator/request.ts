// The request exactly as it arrived: the signature covers the raw bytes, so nothing here
// normalises what a client sent beyond what Amazon's canonical form prescribes.

export interface ReceivedRequest {
	method: string;
	/** Path as received, before any percent-decoding. */
	rawPath: string;
	/** Query string as received, without the leading '?'. */
	rawQuery: string;
	/** Lower-case header name to every value received under it, in order. */
	headers: Map<string, string[]>;
	body: Buffer;
}

export function collectHeaders(rawHeaders: string[]): Map<string, string[]> {
	const headers = new Map<string, string[]>();
	for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
		const name = rawHeaders[i].toLowerCase();
		headers.set(name, [...(headers.get(name) ?? []), rawHeaders[i + 1]]);
	}
	return headers;
}

export function headerValue(request: ReceivedRequest, name: string): string | undefined {
	const values = request.headers.get(name);
	return values === undefined ? undefined : values.map((value) => value.trim()).join(',');
}

export function splitTarget(target: string): { rawPath: string; rawQuery: string } {
	const mark = target.indexOf('?');
	if (mark === -1) return { rawPath: target, rawQuery: '' };
	return { rawPath: target.slice(0, mark), rawQuery: target.slice(mark + 1) };
}

/**
 * Percent-decodes to bytes. A '+' stays a plus: Amazon signs RFC 3986 queries, where '+'
 * has no meaning of space. A stray '%' that starts no escape is kept as it is.
 */
export function percentDecode(text: string): Buffer {
	const bytes: number[] = [];
	for (let i = 0; i < text.length; i++) {
		const escape = text.slice(i + 1, i + 3);
		if (text[i] === '%' && /^[0-9A-Fa-f]{2}$/.test(escape)) {
			bytes.push(parseInt(escape, 16));
			i += 2;
			continue;
		}
		bytes.push(...Buffer.from(text[i], 'utf8'));
	}
	return Buffer.from(bytes);
}

const UNRESERVED = /[A-Za-z0-9\-_.~]/;

/** Strict RFC 3986: unreserved characters kept, every other byte as upper-case %XX. */
export function percentEncode(bytes: Buffer): string {
	let encoded = '';
	for (const byte of bytes) {
		const character = String.fromCharCode(byte);
		encoded +=
			byte < 0x80 && UNRESERVED.test(character)
				? character
				: '%' + byte.toString(16).toUpperCase().padStart(2, '0');
	}
	return encoded;
}

export interface QueryParameter {
	name: Buffer;
	value: Buffer;
}

export function parseQuery(rawQuery: string): QueryParameter[] {
	if (rawQuery === '') return [];
	return rawQuery
		.split('&')
		.filter((pair) => pair !== '')
		.map((pair) => {
			const equals = pair.indexOf('=');
			const name = equals === -1 ? pair : pair.slice(0, equals);
			const value = equals === -1 ? '' : pair.slice(equals + 1);
			return { name: percentDecode(name), value: percentDecode(value) };
		});
}
