// Amazon Pay request signature, rebuilt independently from the package's signer so that a
// bug there cannot hide behind the same bug here. One pure function per signing step.
// Docs: https://developer.amazon.com/docs/amazon-pay-api-v2/signing-requests.html

import { constants, createHash, verify, type KeyObject } from 'node:crypto';

import { SIGNATURE_ALGORITHMS } from './constants';
import { badRequest } from './errors';
import { headerValue, parseQuery, percentEncode, type ReceivedRequest } from './request';

export interface AuthorizationHeader {
	algorithm: string;
	publicKeyId: string;
	/** Lower-case names in the order the client listed them. */
	signedHeaders: string[];
	signature: string;
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** Reads `ALGO PublicKeyId=<id>, SignedHeaders=<a;b>, Signature=<base64>`. */
export function parseAuthorization(header: string): AuthorizationHeader {
	const malformed = (why: string) =>
		badRequest(
			'InvalidHeaderValue',
			`The authorization header is malformed (${why}). Expected ` +
				"'AMZN-PAY-RSASSA-PSS-V2 PublicKeyId=<id>, SignedHeaders=<names>, Signature=<base64>'",
		);

	const space = header.indexOf(' ');
	if (space <= 0) throw malformed('no algorithm before the parameters');
	const algorithm = header.slice(0, space);
	if (!(algorithm in SIGNATURE_ALGORITHMS)) {
		throw badRequest(
			'InvalidHeaderValue',
			`Unknown signature algorithm '${algorithm}' in the authorization header: ` +
				`use ${Object.keys(SIGNATURE_ALGORITHMS).join(' or ')}`,
		);
	}

	const parameters = new Map<string, string>();
	for (const part of header.slice(space + 1).split(',')) {
		const equals = part.indexOf('=');
		if (equals === -1) throw malformed(`'${part.trim()}' is not name=value`);
		const name = part.slice(0, equals).trim();
		if (parameters.has(name)) throw malformed(`${name} given twice`);
		parameters.set(name, part.slice(equals + 1).trim());
	}

	for (const name of parameters.keys()) {
		if (!['PublicKeyId', 'SignedHeaders', 'Signature'].includes(name)) {
			throw malformed(`unknown parameter ${name}`);
		}
	}
	const publicKeyId = parameters.get('PublicKeyId');
	const signedHeaders = parameters.get('SignedHeaders');
	const signature = parameters.get('Signature');
	if (!publicKeyId) throw malformed('PublicKeyId missing');
	if (!signedHeaders) throw malformed('SignedHeaders missing');
	if (!signature || !BASE64.test(signature)) throw malformed('Signature missing or not base64');

	return {
		algorithm,
		publicKeyId,
		signedHeaders: signedHeaders.split(';').map((name) => name.trim().toLowerCase()),
		signature,
	};
}

/** Parameters decoded and re-encoded strictly per RFC 3986, sorted by name then value. */
export function getCanonicalQuery(rawQuery: string): string {
	return parseQuery(rawQuery)
		.map(({ name, value }) => ({ name: percentEncode(name), value: percentEncode(value) }))
		.sort((a, b) => compareOrdinal(a.name, b.name) || compareOrdinal(a.value, b.value))
		.map(({ name, value }) => `${name}=${value}`)
		.join('&');
}

function compareOrdinal(a: string, b: string): number {
	if (a === b) return 0;
	return a < b ? -1 : 1;
}

export function getCanonicalHeaders(request: ReceivedRequest, signedHeaders: string[]): string {
	return [...signedHeaders]
		.sort()
		.map((name) => `${name}:${headerValue(request, name) ?? ''}\n`)
		.join('');
}

export function getPayloadHash(body: Buffer): string {
	return createHash('sha256').update(body).digest('hex');
}

export function getCanonicalRequest(request: ReceivedRequest, signedHeaders: string[]): string {
	return [
		request.method,
		request.rawPath,
		getCanonicalQuery(request.rawQuery),
		getCanonicalHeaders(request, signedHeaders),
		[...signedHeaders].sort().join(';'),
		getPayloadHash(request.body),
	].join('\n');
}

export function getStringToSign(algorithm: string, canonicalRequest: string): string {
	return `${algorithm}\n${createHash('sha256').update(canonicalRequest).digest('hex')}`;
}

/**
 * RSASSA-PSS with SHA-256 and MGF1-SHA-256. The salt length is the algorithm's own and is
 * checked strictly: a V2 name over a salt-20 signature must fail, as it does at Amazon.
 */
export function isSignatureValid(options: {
	algorithm: string;
	stringToSign: string;
	signature: string;
	publicKey: KeyObject;
}): boolean {
	const { saltLength } = SIGNATURE_ALGORITHMS[options.algorithm];
	return verify(
		'sha256',
		Buffer.from(options.stringToSign, 'utf8'),
		{ key: options.publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength },
		Buffer.from(options.signature, 'base64'),
	);
}
