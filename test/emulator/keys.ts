import { createPublicKey, generateKeyPairSync, randomInt, type KeyObject } from 'node:crypto';

import type { Environment, Region } from './constants';

export interface EmulatorKey {
	publicKeyId: string;
	publicKeyPem: string;
	region: Region;
	environment: Environment;
}

export type PublicKeyIdPrefix = 'SANDBOX-' | 'LIVE-' | '';

export interface GeneratedKeyPair {
	publicKeyId: string;
	privateKeyPem: string;
	publicKeyPem: string;
}

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** An RSA 2048 key pair shaped like one from Seller Central (PKCS#8 private key PEM). */
export function generateKeyPair(options: { prefix?: PublicKeyIdPrefix } = {}): GeneratedKeyPair {
	const { privateKey, publicKey } = generateKeyPairSync('rsa', {
		modulusLength: 2048,
		privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
		publicKeyEncoding: { type: 'spki', format: 'pem' },
	});

	let suffix = '';
	for (let i = 0; i < 24; i++) suffix += ID_ALPHABET[randomInt(ID_ALPHABET.length)];

	return {
		publicKeyId: (options.prefix ?? 'SANDBOX-') + suffix,
		privateKeyPem: privateKey,
		publicKeyPem: publicKey,
	};
}

/**
 * The environment a public key ID itself names. Such keys are used without the /live or
 * /sandbox path segment.
 */
export function environmentOfKeyId(publicKeyId: string): Environment | undefined {
	const upper = publicKeyId.toUpperCase();
	if (upper.startsWith('LIVE')) return 'live';
	if (upper.startsWith('SANDBOX')) return 'sandbox';
	return undefined;
}

interface RegisteredKey extends EmulatorKey {
	keyObject: KeyObject;
}

export class KeyStore {
	private readonly keysById = new Map<string, RegisteredKey>();

	add(key: EmulatorKey): void {
		if (!['na', 'eu', 'jp'].includes(key.region)) {
			throw new Error(`Unknown region '${key.region}': use na, eu or jp`);
		}
		if (!['sandbox', 'live'].includes(key.environment)) {
			throw new Error(`Unknown environment '${key.environment}': use sandbox or live`);
		}

		// Parsing once here makes a broken PEM fail when it is added, not on the first request.
		const keyObject = createPublicKey(key.publicKeyPem);
		this.keysById.set(key.publicKeyId, { ...key, keyObject });
	}

	find(publicKeyId: string): RegisteredKey | undefined {
		return this.keysById.get(publicKeyId);
	}

	list(): EmulatorKey[] {
		return [...this.keysById.values()].map(({ keyObject: _keyObject, ...key }) => key);
	}
}
