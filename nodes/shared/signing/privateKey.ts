import {
	X509Certificate,
	createHash,
	createPrivateKey,
	createPublicKey,
	type KeyObject,
} from 'node:crypto';

import { AmazonPayInputError } from '../errors';
import { withoutInvisibleCharacters } from '../pastedText';

const FIELD = 'Private Key';
const WANTED =
	'Paste the whole private key file that Seller Central downloaded when the public key ID was ' +
	'created: it starts with -----BEGIN PRIVATE KEY----- (or -----BEGIN RSA PRIVATE KEY-----).';

// Parsing a PEM costs far more than signing with it; keep a few parsed keys, keyed by a hash
// so the text itself is not held twice.
const CACHE_LIMIT = 16;
const keyCache = new Map<string, KeyObject>();

export function readPrivateKey(pastedText: string): KeyObject {
	const cacheKey = createHash('sha256').update(String(pastedText ?? '')).digest('hex');
	const cached = keyCache.get(cacheKey);
	if (cached) return cached;

	const key = parsePrivateKey(pastedText);
	if (keyCache.size >= CACHE_LIMIT) keyCache.delete(keyCache.keys().next().value as string);
	keyCache.set(cacheKey, key);
	return key;
}

interface PemBlock {
	/** What the BEGIN line says, e.g. `RSA PRIVATE KEY`. */
	label: string;
	/** Everything between the BEGIN and END lines: optional `Name: value` headers, then base64. */
	body: string;
}

function parsePrivateKey(pastedText: string): KeyObject {
	const text = normalisePastedText(typeof pastedText === 'string' ? pastedText : '');
	if (text === '') throw keyError('The Private Key is empty.');

	// Files exported from a keystore often hold the key together with its certificate chain:
	// the private key block is the one that counts.
	const blocks = findPemBlocks(text);
	const keyBlocks = blocks.filter((block) => block.label.endsWith('PRIVATE KEY'));
	if (keyBlocks.length > 1) return readTheOnlyKey(keyBlocks);
	if (keyBlocks.length === 1) return readKeyBlock(keyBlocks[0]);

	refuseWrongKinds(text);
	return blocks.length > 0 ? readDer(blocks[0].body) : readBareBase64(text);
}

// Unicode spaces that copied text may hold become plain spaces (they may stand between the words
// of a label); invisible characters are dropped.
const UNICODE_SPACES = /[\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]/g;

/**
 * Invisible characters, CRLF, literal "\n" sequences (from JSON or .env files, escaped once or
 * more), quotes, and BEGIN/END lines written in lower case.
 */
function normalisePastedText(text: string): string {
	return withoutInvisibleCharacters(text)
		.replace(UNICODE_SPACES, ' ')
		.trim()
		.replace(/^["']|["']$/g, '')
		.replace(/\\+r\\+n|\\+n|\\+r/g, '\n')
		.replace(/\r\n?/g, '\n')
		.replace(/-----(BEGIN|END) [A-Z0-9 ]+-----/gi, (line) => line.toUpperCase())
		.trim();
}

const BEGIN_MARK = '-----BEGIN ';
const END_MARK = '-----END ';
const DASHES = '-----';
const LABEL = /^[A-Z0-9]+(?: [A-Z0-9]+)*$/;
const MAX_LABEL_LENGTH = 40;

// A block ends at its END line or, when that was cut off, where the next block begins. Read with
// indexOf cursors that only move forward, so that long or repetitive text is read in one pass.
function findPemBlocks(text: string): PemBlock[] {
	const blocks: PemBlock[] = [];
	let begin = text.indexOf(BEGIN_MARK);
	let end = -1;
	while (begin !== -1) {
		const labelStart = begin + BEGIN_MARK.length;
		const labelEnd = text.indexOf(DASHES, labelStart);
		const label = labelEnd === -1 ? '' : text.slice(labelStart, labelEnd);
		if (label.length > MAX_LABEL_LENGTH || !LABEL.test(label)) {
			begin = text.indexOf(BEGIN_MARK, begin + 1);
			continue;
		}

		const bodyStart = labelEnd + DASHES.length;
		const nextBegin = text.indexOf(BEGIN_MARK, bodyStart);
		if (end < bodyStart) {
			end = text.indexOf(END_MARK, bodyStart);
			if (end === -1) end = text.length;
		}
		const bodyEnd = nextBegin === -1 ? end : Math.min(end, nextBegin);
		blocks.push({ label, body: text.slice(bodyStart, bodyEnd) });
		begin = nextBegin;
	}
	return blocks;
}

function readKeyBlock(block: PemBlock): KeyObject {
	if (block.label === 'OPENSSH PRIVATE KEY') throw openSshKeyError();
	if (block.label === 'ENCRYPTED PRIVATE KEY' || block.body.includes('Proc-Type: 4,ENCRYPTED')) {
		throw passphraseError();
	}
	return readDer(block.body.replace(/^[A-Za-z-]+: .*$/gm, ''));
}

// The same key twice (say as PKCS#8 and as PKCS#1) is harmless; two different keys are not:
// only one of them belongs to the public key ID, and guessing gives a signature Amazon rejects.
function readTheOnlyKey(blocks: PemBlock[]): KeyObject {
	const tryRead = (block: PemBlock) => {
		try {
			return readKeyBlock(block);
		} catch {
			return undefined;
		}
	};

	const first = tryRead(blocks[0]);
	if (first && blocks.slice(1).every((block) => tryRead(block)?.equals(first))) return first;

	const count = blocks.length === 2 ? 'Two' : String(blocks.length);
	throw keyError(
		`${count} private keys were pasted into the Private Key field. Paste only the one that was ` +
			'downloaded with this Public Key ID.',
	);
}

function refuseWrongKinds(text: string): void {
	if (text.includes('BEGIN OPENSSH PRIVATE KEY')) throw openSshKeyError();
	if (/BEGIN (RSA )?PUBLIC KEY|^ssh-(rsa|ed25519) /m.test(text)) throw publicKeyError();
	if (text.includes('BEGIN CERTIFICATE')) throw certificateError();
	if (/BEGIN ENCRYPTED PRIVATE KEY|Proc-Type: 4,ENCRYPTED/.test(text)) throw passphraseError();
}

// The base64 body alone, without BEGIN and END lines. A DER key is an ASN.1 SEQUENCE (first
// byte 0x30) of well over 64 bytes; anything else is not a key body that lost its armour.
function readBareBase64(text: string): KeyObject {
	const der = decodeBase64(text.replace(/-----END [A-Z0-9 ]*-----/g, ''));
	if (der === undefined) throw notPemError();

	const sshKind = describeSshBody(der);
	if (sshKind) throw sshKind;
	if (der.length < 64 || der[0] !== 0x30) throw notPemError();
	return readDer(der);
}

/** Reads a key body as PKCS#8 or PKCS#1 (or SEC1), whatever its label says it is. */
function readDer(body: string | Buffer): KeyObject {
	const der = typeof body === 'string' ? decodeBase64(body) : body;
	if (der === undefined) throw damagedError();

	for (const type of ['pkcs8', 'pkcs1', 'sec1'] as const) {
		const key = tryCreatePrivateKey(der, type);
		if (key === undefined) continue;
		if (key.asymmetricKeyType !== 'rsa') {
			throw keyError(
				`The Private Key is a key of type ${String(key.asymmetricKeyType).toUpperCase()}; ` +
					'Amazon Pay signs with RSA keys only.',
			);
		}
		return key;
	}

	throw describeForeignDer(der) ?? damagedError();
}

/** Standard base64 or base64url (with - and _), whitespace ignored. */
function decodeBase64(text: string): Buffer | undefined {
	const standard = text.replace(/\s+/g, '').replace(/-/g, '+').replace(/_/g, '/');
	if (!/^[A-Za-z0-9+/]+={0,2}$/.test(standard)) return undefined;
	return Buffer.from(standard, 'base64');
}

function tryCreatePrivateKey(der: Buffer, type: 'pkcs8' | 'pkcs1' | 'sec1'): KeyObject | undefined {
	try {
		return createPrivateKey({ key: der, format: 'der', type });
	} catch (error) {
		// An encrypted PKCS#8 body, whatever its label said.
		if ((error as { code?: unknown }).code === 'ERR_MISSING_PASSPHRASE') throw passphraseError();
		return undefined;
	}
}

/** The body of an OpenSSH key, private or public, which is not DER at all. */
function describeSshBody(der: Buffer): AmazonPayInputError | undefined {
	if (der.subarray(0, 15).toString('latin1') === 'openssh-key-v1\0') return openSshKeyError();
	// An OpenSSH public key body: a length-prefixed algorithm name such as "ssh-rsa".
	if (der.subarray(4, 8).toString('latin1') === 'ssh-') return publicKeyError();
	return undefined;
}

/**
 * A public key or certificate where a private key was expected. Only asked once the body did not
 * read as a private key: a private key reads as a public key too.
 */
function describeForeignDer(der: Buffer): AmazonPayInputError | undefined {
	const sshKind = describeSshBody(der);
	if (sshKind || der[0] !== 0x30) return sshKind;

	for (const type of ['spki', 'pkcs1'] as const) {
		try {
			createPublicKey({ key: der, format: 'der', type });
			return publicKeyError();
		} catch {
			// Not this kind of public key.
		}
	}
	try {
		new X509Certificate(der);
		return certificateError();
	} catch {
		return undefined;
	}
}

function openSshKeyError(): AmazonPayInputError {
	return keyError(
		'The Private Key is in OpenSSH format (made by ssh-keygen); Amazon Pay needs a PEM key. ' +
			'Convert a copy with "ssh-keygen -p -m PKCS8 -f <file>", then paste the new file.',
	);
}

function publicKeyError(): AmazonPayInputError {
	return keyError(
		'A public key was pasted into the Private Key field. Amazon Pay keeps the public key; ' +
			'n8n needs the private key.',
	);
}

function certificateError(): AmazonPayInputError {
	return keyError('A certificate was pasted into the Private Key field.');
}

function passphraseError(): AmazonPayInputError {
	return keyError(
		'The Private Key is protected by a passphrase. Remove it from a copy with ' +
			'"openssl pkey -in <file> -out <plain file>" and paste that.',
	);
}

function notPemError(): AmazonPayInputError {
	return keyError('The Private Key is not a PEM key: it has no -----BEGIN line and is not base64.');
}

function damagedError(): AmazonPayInputError {
	return keyError(
		'The Private Key could not be read: it looks incomplete or damaged (was the end cut off ' +
			'when copying?).',
	);
}

function keyError(message: string): AmazonPayInputError {
	return new AmazonPayInputError(FIELD, message, WANTED);
}
