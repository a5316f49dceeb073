// `npm run emulator`: runs the emulator for trying the node in a local n8n, with a key pair
// kept under .emulator/ so the credential pasted into n8n keeps working across restarts.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { generateKeyPair, startEmulator, type EmulatorKey, type GeneratedKeyPair } from './index';

const DEFAULT_PORT = 8444;
const STATE_DIRECTORY = resolve(__dirname, '..', '..', '.emulator');
const KEY_FILE = join(STATE_DIRECTORY, 'sandbox-key.json');

type StoredKey = GeneratedKeyPair & Pick<EmulatorKey, 'region' | 'environment'>;

const USAGE = `Usage: npm run emulator -- [--port <port>] [--host <address>]

  --port  the port to listen on (default ${DEFAULT_PORT}, or AMAZON_PAY_EMULATOR_PORT)
  --host  the address to listen on (default 127.0.0.1, or AMAZON_PAY_EMULATOR_HOST);
          0.0.0.0 lets n8n in a Docker container reach it as http://host.docker.internal:<port>`;

function readFlag(args: string[], name: string): string | undefined {
	const flagIndex = args.findIndex((arg) => arg === name || arg.startsWith(`${name}=`));
	if (flagIndex === -1) return undefined;
	return args[flagIndex].includes('=') ? args[flagIndex].split('=')[1] : args[flagIndex + 1];
}

function readPort(args: string[]): number {
	const text = readFlag(args, '--port') ?? process.env.AMAZON_PAY_EMULATOR_PORT;
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
	const args = process.argv.slice(2);
	if (args.includes('--help') || args.includes('-h')) return void console.log(USAGE);
	const port = readPort(args);
	const host = readFlag(args, '--host') ?? process.env.AMAZON_PAY_EMULATOR_HOST ?? '127.0.0.1';
	const { key, created } = loadOrCreateKey();
	let emulator: Awaited<ReturnType<typeof startEmulator>>;
	try {
		emulator = await startEmulator({ port, host, keys: [key] });
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
		throw new Error(
			`Port ${port} on ${host} is already in use (another emulator?). Stop that one, or pick ` +
				`another port: npm run emulator -- --port ${port + 1}`,
		);
	}
	const reachableFromDocker =
		host === '0.0.0.0' || host === '::'
			? [`  From n8n in Docker: http://host.docker.internal:${emulator.port}`]
			: [];

	// The private key is the emulator's own throwaway; printing it is how the user gets it
	// into the n8n credential.
	const lines = [
		`Amazon Pay Reports emulator listening on ${emulator.url}`,
		created ? `New key pair saved to ${KEY_FILE}` : `Key pair loaded from ${KEY_FILE}`,
		'',
		'Amazon Pay credential for n8n:',
		`  Public Key ID:     ${key.publicKeyId}`,
		'  Region:            North America',
		'  Environment:       Sandbox',
		'  Signature Algorithm: AMZN-PAY-RSASSA-PSS-V2',
		`  Base URL Override: ${emulator.url}`,
		...reachableFromDocker,
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
