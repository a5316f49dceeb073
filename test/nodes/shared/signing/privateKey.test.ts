import { constants, createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';

import { AmazonPayInputError } from '../../../../nodes/shared/errors';
import { readPrivateKey } from '../../../../nodes/shared/signing/privateKey';

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const pkcs8 = rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
const pkcs1 = rsa.privateKey.export({ type: 'pkcs1', format: 'pem' }) as string;
const body = (pem: string) => pem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '');

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
	])('%s', (_name, pasted) => {
		expect(signsWithSameKey(pasted)).toBe(true);
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
	])('%s', (_name, pasted, expected) => {
		const message = messageOf(pasted);
		expect(message).toMatch(expected);
		// The pasted secret never comes back in the message.
		if (body(pasted).length > 40) expect(message).not.toContain(body(pasted).slice(10, 40));
	});
});
