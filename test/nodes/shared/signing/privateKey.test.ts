import { constants, createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';

import { AmazonPayInputError } from '../../../../nodes/shared/errors';
import { readPrivateKey } from '../../../../nodes/shared/signing/privateKey';

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const pkcs8 = rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
const pkcs1 = rsa.privateKey.export({ type: 'pkcs1', format: 'pem' }) as string;
const body = (pem: string) => pem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '');
const armour = (label: string, base64: string) =>
	[`-----BEGIN ${label}-----`, ...base64.match(/.{1,64}/g)!, `-----END ${label}-----`, ''].join('\n');
const toBase64Url = (base64: string) => base64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
// A self-signed certificate of an unrelated P-256 key: what a keystore export puts next to the key.
const certificate = [
	'-----BEGIN CERTIFICATE-----',
	'MIIBgzCCASmgAwIBAgIUPnt3S9ll3aS8R9TOClKWyW0u980wCgYIKoZIzj0EAwIw',
	'FzEVMBMGA1UEAwwMZXhhbXBsZS50ZXN0MB4XDTI2MTIwNDA3MjYzMFoXDTM2MTIw',
	'MTA3MjYzMFowFzEVMBMGA1UEAwwMZXhhbXBsZS50ZXN0MFkwEwYHKoZIzj0CAQYI',
	'KoZIzj0DAQcDQgAEbAbhr/vsFq2OZT8kl51D+jZgBnnp2lCjtAfl1O7jKtKuC6In',
	'leVFhyENtvU+QZfMqQ0ouqhS0lFYn8l9IO8/BaNTMFEwHQYDVR0OBBYEFM7kWQes',
	'EdZud92KXPV1KVgLXfUBMB8GA1UdIwQYMBaAFM7kWQesEdZud92KXPV1KVgLXfUB',
	'MA8GA1UdEwEB/wQFMAMBAf8wCgYIKoZIzj0EAwIDSAAwRQIgKrMbycnIO7QjdUp+',
	'6zUPnXMoRmwSUsFPkQrntikFa2sCIQC/STUMgq9ym8NjnTic84AyDYPd7x1GSkck',
	'KguXEMAVng==',
	'-----END CERTIFICATE-----',
	'',
].join('\n');
const spkiPem = createPublicKey(rsa.privateKey).export({ type: 'spki', format: 'pem' }) as string;
/** Puts `character` after every `every`th character of the text. */
const sprinkle = (text: string, character: string, every: number) =>
	text.replace(new RegExp(`([^\\n]{${every}})`, 'g'), `$1${character}`);

function signsWithSameKey(pasted: string): boolean {
	const key = readPrivateKey(pasted);
	const data = Buffer.from('probe');
	const options = { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 };
	return verify('sha256', data, { key: rsa.publicKey, ...options }, sign('sha256', data, { key, ...options }));
}

function messageOf(pasted: string): string {
	try {
		readPrivateKey(pasted);
	} catch (error) {
		expect(error).toBeInstanceOf(AmazonPayInputError);
		expect((error as AmazonPayInputError).field).toBe('Private Key');
		expect((error as AmazonPayInputError).hint).toContain('-----BEGIN PRIVATE KEY-----');
		return (error as Error).message;
	}
	throw new Error('the key was accepted');
}

describe('readPrivateKey accepts the shapes people paste', () => {
	it.each([
		['PKCS#8 PEM', pkcs8],
		['PKCS#1 PEM', pkcs1],
		['CRLF line ends', pkcs8.replace(/\n/g, '\r\n')],
		['literal \\n sequences', pkcs8.replace(/\n/g, '\\n')],
		['literal \\r\\n sequences', pkcs1.replace(/\n/g, '\\r\\n')],
		['squeezed onto one line', pkcs8.replace(/\n/g, ' ')],
		['one line without separators in the body', pkcs1.replace(/\n(?!-)/g, '').replace(/-----\n?$/, '-----')],
		['bare PKCS#8 base64 body', body(pkcs8)],
		['bare PKCS#1 base64 body wrapped', body(pkcs1).replace(/(.{64})/g, '$1\n')],
		['surrounding quotes and blanks', `  "${pkcs8.replace(/\n/g, '\\n')}"  `],
		['indented lines', pkcs8.replace(/\n/g, '\n    ')],
		['literal \\n sequences escaped twice', pkcs8.replace(/\n/g, '\\\\n')],
		['BEGIN and END lines in lower case', pkcs1.replace('BEGIN RSA PRIVATE KEY', 'begin rsa private key').replace('END RSA PRIVATE KEY', 'End Rsa Private Key')],
		['bidirectional marks around it, as a chat adds', `\u202A${pkcs8}\u202C\u200E`],
	])('%s', (_name, pasted) => {
		expect(signsWithSameKey(pasted)).toBe(true);
	});

	it.each([
		['the key followed by its certificate', pkcs8 + certificate],
		['the certificate followed by the key', certificate + pkcs1],
		['a keystore export with bag attributes and a chain', `Bag Attributes\n    localKeyID: 01 02\n${pkcs8}${certificate}${certificate}`],
		['the key and its public key', spkiPem + pkcs8],
		['the same key twice, as PKCS#8 and as PKCS#1', pkcs8 + pkcs1],
		['a PKCS#1 body under a PKCS#8 label', armour('PRIVATE KEY', body(pkcs1))],
		['a PKCS#8 body under a PKCS#1 label', armour('RSA PRIVATE KEY', body(pkcs8))],
		['a bare base64url body', toBase64Url(body(pkcs8))],
		['a bare base64url PKCS#1 body, wrapped', toBase64Url(body(pkcs1)).replace(/(.{64})/g, '$1\n')],
		['a base64url body inside the PEM lines', armour('PRIVATE KEY', toBase64Url(body(pkcs8)))],
		['zero-width spaces in the body', sprinkle(pkcs8, '\u200B', 50)],
		['zero-width joiners and non-joiners', sprinkle(sprinkle(pkcs1, '\u200C', 30), '\u200D', 41)],
		['word joiners', sprinkle(pkcs8, '\u2060', 17)],
		['byte order marks, at the start and inside', '\uFEFF' + sprinkle(pkcs8, '\uFEFF', 64)],
		['non-breaking spaces, in the labels too', pkcs8.replace(/ /g, '\u00A0').replace(/\n/g, '\u00A0\n')],
		['invisible characters in a bare body', sprinkle(body(pkcs8), '\u200B', 10)],
	])('%s', (_name, pasted) => {
		expect(signsWithSameKey(pasted)).toBe(true);
	});

	it('the forms above really are what their names say', () => {
		expect(toBase64Url(body(pkcs8))).toMatch(/[-_]/);
		expect(sprinkle(pkcs8, '\u200B', 50)).toContain('\u200B');
	});

	it('parses a key once and reuses it', () => {
		expect(readPrivateKey(pkcs8)).toBe(readPrivateKey(pkcs8));
	});
});

describe('readPrivateKey refuses other things with what to do instead', () => {
	const ed25519 = generateKeyPairSync('ed25519');
	const encrypted = rsa.privateKey.export({
		type: 'pkcs8',
		format: 'pem',
		cipher: 'aes-256-cbc',
		passphrase: 'secret',
	}) as string;
	const openSsh =
		'-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n-----END OPENSSH PRIVATE KEY-----\n';

	it.each([
		['empty', '', /is empty/],
		['an OpenSSH key', openSsh, /OpenSSH format.*ssh-keygen -p -m PKCS8/],
		['a public key (SPKI)', createPublicKey(rsa.privateKey).export({ type: 'spki', format: 'pem' }) as string, /public key was pasted/],
		['a public key (PKCS#1)', createPublicKey(rsa.privateKey).export({ type: 'pkcs1', format: 'pem' }) as string, /public key was pasted/],
		['an ssh-rsa public key line', 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ user@host', /public key was pasted/],
		['an encrypted key', encrypted, /passphrase/],
		['a truncated PEM', pkcs8.slice(0, pkcs8.length / 2), /incomplete or damaged/],
		['a PEM with a damaged body', pkcs8.replace(/[A-Za-z]{20}/, 'A'.repeat(20)), /incomplete or damaged/],
		['an Ed25519 key', ed25519.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, /of type ED25519; Amazon Pay signs with RSA keys only/],
		['prose', 'my key is in the vault', /not a PEM key/],
		['a certificate', '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----', /certificate/],
		['only a real certificate', certificate, /certificate was pasted/],
		['two different keys', pkcs8 + (otherKey.export({ type: 'pkcs8', format: 'pem' }) as string), /^Two private keys were pasted.*Paste only the one that was downloaded with this Public Key ID/],
		['two different keys, the second as PKCS#1', pkcs8 + (otherKey.export({ type: 'pkcs1', format: 'pem' }) as string), /Two private keys were pasted/],
		['two different keys among certificates', certificate + pkcs1 + certificate + (otherKey.export({ type: 'pkcs8', format: 'pem' }) as string), /Two private keys were pasted/],
		['three keys', pkcs8 + pkcs1 + (otherKey.export({ type: 'pkcs8', format: 'pem' }) as string), /^3 private keys were pasted/],
		['a key and an encrypted key', pkcs8 + encrypted, /Two private keys were pasted/],
		['an encrypted key with its certificate', encrypted + certificate, /passphrase/],
		['a damaged key with its certificate', pkcs8.replace(/[A-Za-z]{20}/, 'A'.repeat(20)) + certificate, /incomplete or damaged/],
		['a bare public key body (SPKI)', body(spkiPem), /public key was pasted/],
		['a bare public key body (PKCS#1)', body(createPublicKey(rsa.privateKey).export({ type: 'pkcs1', format: 'pem' }) as string), /public key was pasted/],
		['a public key under a private key label', armour('PRIVATE KEY', body(spkiPem)), /public key was pasted/],
		['a bare OpenSSH public key body', 'AAAAB3NzaC1yc2EAAAADAQABAAABAQC7', /public key was pasted/],
		['a bare OpenSSH private key body', body(openSsh), /OpenSSH format/],
		['a bare certificate body', body(certificate), /certificate was pasted/],
		['a bare encrypted key body', body(encrypted), /passphrase/],
	])('%s', (_name, pasted, expected) => {
		const message = messageOf(pasted);
		expect(message).toMatch(expected);
		// The pasted secret never comes back in the message.
		if (body(pasted).length > 40) expect(message).not.toContain(body(pasted).slice(10, 40));
	});
});
