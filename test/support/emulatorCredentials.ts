import type { Emulator } from '../emulator';

/** The `amazonPayApi` credential values that reach the emulator with its generated key. */
export function emulatorCredentials(emulator: Emulator, overrides: Record<string, unknown> = {}) {
	const key = emulator.generatedKey;
	if (!key) throw new Error('the emulator was started with its own keys; pass credentials explicitly');
	return {
		publicKeyId: key.publicKeyId,
		privateKey: key.privateKeyPem,
		region: key.region,
		environment: key.environment,
		algorithm: 'AMZN-PAY-RSASSA-PSS-V2',
		baseUrl: emulator.url,
		...overrides,
	};
}
