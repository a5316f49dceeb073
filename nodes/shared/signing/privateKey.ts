import { createHash, createPrivateKey, type KeyObject } from 'node:crypto';

import { AmazonPayInputError } from '../errors';

const FIELD = 'Private Key';
const WANTED =
	'Paste the whole private key file that Seller Central downloaded when the public key ID was ' +
	'created: it starts with -----BEGIN PRIVATE KEY----- (or -----BEGIN RSA PRIVATE KEY-----).';

// Parsing a PEM costs far more than signing with it; keep a few parsed keys, keyed by a hash
// so the text itself is not held twice.
const CACHE_LIMIT = 16;
const keyCache = new Map<string, KeyObject>();

export function readPrivateKey(pastedText: string): KeyObject {
	const cacheKey = createHash('sha256').update(pastedText ?? '').digest('hex');
	const cached = keyCache.get(cacheKey);
	if (cached) return cached;

	const key = parsePrivateKey(pastedText);
	if (keyCache.size >= CACHE_LIMIT) keyCache.delete(keyCache.keys().next().value as string);
	keyCache.set(cacheKey, key);
	return key;
}

function parsePrivateKey(pastedText: string): KeyObject {
	const text = normaliseLineBreaks(typeof pastedText === 'string' ? pastedText : '');
	if (text === '') throw keyError('The Private Key is empty.');
	refuseWrongKinds(text);

	const candidates = /-----BEGIN [A-Z ]+-----/.test(text)
		? [rebuildPem(text)]
		: bareBase64Candidates(text);

	for (const candidate of candidates) {
		const key = tryCreate(candidate);
		if (key === undefined) continue;
		if (key.asymmetricKeyType !== 'rsa') {
			throw keyError(
				`The Private Key is a key of type ${String(key.asymmetricKeyType).toUpperCase()}; ` +
					'Amazon Pay signs with RSA keys only.',
			);
		}
		return key;
	}

	throw keyError(
		'The Private Key could not be read: it looks incomplete or damaged (was the end cut off ' +
			'when copying?).',
	);
}

/** CRLF, literal "\n" sequences (from JSON or .env files) and surrounding quotes. */
function normaliseLineBreaks(text: string): string {
	return text
		.trim()
		.replace(/^["']|["']$/g, '')
		.replace(/\\r\\n|\\n|\\r/g, '\n')
		.replace(/\r\n?/g, '\n')
		.trim();
}

function refuseWrongKinds(text: string): void {
	if (text.includes('BEGIN OPENSSH PRIVATE KEY')) {
		throw keyError(
			'The Private Key is in OpenSSH format (made by ssh-keygen); Amazon Pay needs a PEM key. ' +
				'Convert a copy with "ssh-keygen -p -m PKCS8 -f <file>", then paste the new file.',
		);
	}
	if (/BEGIN (RSA )?PUBLIC KEY|^ssh-(rsa|ed25519) /m.test(text)) {
		throw keyError(
			'A public key was pasted into the Private Key field. Amazon Pay keeps the public key; ' +
				'n8n needs the private key.',
		);
	}
	if (text.includes('BEGIN CERTIFICATE')) {
		throw keyError('A certificate was pasted into the Private Key field.');
	}
	if (/BEGIN ENCRYPTED PRIVATE KEY|Proc-Type: 4,ENCRYPTED/.test(text)) {
		throw keyError(
			'The Private Key is protected by a passphrase. Remove it from a copy with ' +
				'"openssl pkey -in <file> -out <plain file>" and paste that.',
		);
	}
}

// A PEM squeezed onto one line (spaces instead of line breaks) or re-wrapped at any width:
// keep the BEGIN/END lines and re-wrap the base64 body.
function rebuildPem(text: string): string {
	const match = /-----BEGIN ([A-Z ]+)-----([\s\S]*?)(?:-----END \1-----|$)/.exec(text);
	if (!match) return text;

	const [, label, inside] = match;
	const headerLines = inside.match(/^[A-Za-z-]+: .*$/gm) ?? [];
	const body = inside.replace(/^[A-Za-z-]+: .*$/gm, '').replace(/\s+/g, '');
	return [`-----BEGIN ${label}-----`, ...headerLines, ...wrap(body), `-----END ${label}-----`, ''].join(
		'\n',
	);
}

function bareBase64Candidates(text: string): string[] {
	const body = text.replace(/\s+/g, '');
	// A DER key is an ASN.1 SEQUENCE (first byte 0x30) of well over 100 bytes.
	const looksLikeDer =
		/^[A-Za-z0-9+/=_-]+$/.test(body) &&
		body.length > 100 &&
		Buffer.from(body, 'base64')[0] === 0x30;
	if (!looksLikeDer) {
		throw keyError('The Private Key is not a PEM key: it has no -----BEGIN line and is not base64.');
	}
	return ['PRIVATE KEY', 'RSA PRIVATE KEY'].map((label) =>
		[`-----BEGIN ${label}-----`, ...wrap(body), `-----END ${label}-----`, ''].join('\n'),
	);
}

function wrap(base64: string): string[] {
	return base64.match(/.{1,64}/g) ?? [];
}

function tryCreate(pem: string): KeyObject | undefined {
	try {
		return createPrivateKey({ key: pem, format: 'pem' });
	} catch {
		return undefined;
	}
}

function keyError(message: string): AmazonPayInputError {
	return new AmazonPayInputError(FIELD, message, WANTED);
}
