// The Amazon Pay credential every e2e workflow names, pointed at the emulator.
import type { Emulator } from '../../emulator';
import { emulatorCredentials } from '../../support/emulatorCredentials';

export const CREDENTIAL_ID = 'amazonPayEmulator';
export const CREDENTIAL_NAME = 'Amazon Pay (emulator)';
export const CREDENTIAL_TYPE = 'amazonPayApi';

// The emulator's key pair is new each run; a fixed ID for it keeps the credential form in the
// editor screenshots the same from run to run.
const PUBLIC_KEY_ID = 'SANDBOX-AE2EHARNESSKEY0000000000';

export type CredentialData = ReturnType<typeof emulatorCredentials>;

/** Registers the emulator's key under the fixed ID and returns the credential's values. */
export function harnessCredentialData(emulator: Emulator): CredentialData {
	const key = emulator.generatedKey;
	if (!key) throw new Error('the emulator must be started with its generated key');
	emulator.addKey({
		publicKeyId: PUBLIC_KEY_ID,
		publicKeyPem: key.publicKeyPem,
		region: key.region,
		environment: key.environment,
	});
	return emulatorCredentials(emulator, { publicKeyId: PUBLIC_KEY_ID });
}

/** The credential as `n8n import:credentials` takes it: plain data, encrypted on import. */
export function credentialForImport(data: CredentialData) {
	return { id: CREDENTIAL_ID, name: CREDENTIAL_NAME, type: CREDENTIAL_TYPE, data };
}
