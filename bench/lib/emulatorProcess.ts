import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

import { request } from 'undici';

import type { EmulatorOptions } from '../../test/emulator';
import { childEnv, REPO_ROOT } from './child';

export interface EmulatorKeyPair {
	publicKeyId: string;
	privateKeyPem: string;
	publicKeyPem: string;
	region: string;
	environment: string;
}

export interface EmulatorProcess {
	url: string;
	key: EmulatorKeyPair;
	/** The `amazonPayApi` credential values that reach this emulator. */
	credentials: Record<string, string>;
	/** Calls a control endpoint (`/__emulator/<name>`) and returns its JSON answer. */
	control<T = unknown>(method: string, name: string, body?: unknown): Promise<T>;
	stop(): Promise<void>;
}

export async function startEmulatorProcess(options: EmulatorOptions = {}): Promise<EmulatorProcess> {
	const child: ChildProcess = fork(join(__dirname, 'emulatorServer.ts'), [JSON.stringify(options)], {
		cwd: REPO_ROOT,
		env: childEnv(),
		execArgv: ['--import', 'tsx'],
		stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
	});
	const started = await new Promise<{ url: string; key: EmulatorKeyPair }>((resolve, reject) => {
		child.once('message', (message) => resolve(message as { url: string; key: EmulatorKeyPair }));
		child.once('exit', (code) => reject(new Error(`the emulator process ended (code ${code})`)));
	});
	const { url, key } = started;

	return {
		url,
		key,
		credentials: {
			publicKeyId: key.publicKeyId,
			privateKey: key.privateKeyPem,
			region: key.region,
			environment: key.environment,
			algorithm: 'AMZN-PAY-RSASSA-PSS-V2',
			baseUrl: url,
		},
		async control<T>(method: string, name: string, body?: unknown): Promise<T> {
			const response = await request(`${url}/__emulator/${name}`, {
				method: method as 'GET',
				headers: { 'content-type': 'application/json' },
				body: body === undefined ? undefined : JSON.stringify(body),
			});
			const answer = (await response.body.json()) as T;
			if (response.statusCode >= 400) {
				throw new Error(`${method} /__emulator/${name}: ${JSON.stringify(answer)}`);
			}
			return answer;
		},
		stop: () =>
			new Promise<void>((resolve) => {
				if (child.exitCode !== null) return resolve();
				child.once('exit', () => resolve());
				child.send({ stop: true });
			}),
	};
}
