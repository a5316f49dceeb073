// `npm run emulator`: runs the emulator for trying the node in a local n8n, with a key pair
// kept under .emulator/ so the credential pasted into n8n keeps working across restarts.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { generateKeyPair, startEmulator, type EmulatorKey, type GeneratedKeyPair } from './index';

const DEFAULT_PORT = 8444;
const STATE_DIRECTORY = resolve(__dirname, '..', '..', '.emulator');
const KEY_FILE = join(STATE_DIRECTORY, 'sandbox-key.json');

type StoredKey = GeneratedKeyPair & Pick<EmulatorKey, 'region' | 'environment'>;

function readPort(args: string[]): number {
	const flagIndex = args.findIndex((arg) => arg === '--port' || arg.startsWith('--port='));
	const text =
		flagIndex === -1
			? process.env.AMAZON_PAY_EMULATOR_PORT
			: args[flagIndex].includes('=')
				? args[flagIndex].split('=')[1]
				: args[flagIndex + 1];
	if (text === undefined || text === '') return DEFAULT_PORT;

	const port = Number(text);
	if (!Number.isInteger(port) || port < 0 || port > 65535) {
		throw new Error(`'${text}' is not a port number (0 to 65535)`);
	}
	return port;
}

function loadOrCreateKey(): { key: StoredKey; created: boolean } {
	if (existsSync(KEY_FILE)) {
		return { key: JSON.parse(readFileSync(KEY_FILE, 'utf8')) as StoredKey, created: false };
	}

	const key: StoredKey = { ...generateKeyPair(), region: 'na', environment: 'sandbox' };
	mkdirSync(STATE_DIRECTORY, { recursive: true });
	writeFileSync(KEY_FILE, JSON.stringify(key, null, '\t') + '\n', { mode: 0o600 });
	return { key, created: true };
}

async function main(): Promise<void> {
	const port = readPort(process.argv.slice(2));
	const { key, created } = loadOrCreateKey();
	const emulator = await startEmulator({ port, keys: [key] });

	// The private key is the emulator's own throwaway; printing it is how the user gets it
	// into the n8n credential.
	const lines = [
		`Amazon Pay Reports emulator listening on ${emulator.url}`,
		created ? `New key pair saved to ${KEY_FILE}` : `Key pair loaded from ${KEY_FILE}`,
		'',
		'Amazon Pay credential for n8n:',
		`  Public Key ID:     ${key.publicKeyId}`,
		'  Region:            NA',
		'  Environment:       Sandbox',
		'  Algorithm:         AMZN-PAY-RSASSA-PSS-V2',
		`  Base URL override: ${emulator.url}`,
		'  Private Key:',
		key.privateKeyPem.trimEnd(),
		'',
		'Control endpoints (no signature needed):',
		`  GET  ${emulator.url}/__emulator/state`,
		`  POST ${emulator.url}/__emulator/reset`,
		`  POST ${emulator.url}/__emulator/clock    {"advanceMs": 60000}`,
		`  POST ${emulator.url}/__emulator/reports  {"reportType": "...", "processingDelayMs": 0}`,
		`  POST ${emulator.url}/__emulator/faults   {"action": "status", "status": 429, "times": 1}`,
		'',
		'Press Ctrl+C to stop.',
	];
	console.log(lines.join('\n'));

	const stop = (signal: NodeJS.Signals) => {
		console.log(`\n${signal} received, stopping the emulator.`);
		emulator.close().then(
			() => process.exit(0),
			() => process.exit(1),
		);
	};
	process.once('SIGINT', stop);
	process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? error.message : error);
	process.exit(1);
});
