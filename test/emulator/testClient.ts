// Sends test-signed requests to an emulator with undici and reads the JSON answer.

import { request } from 'undici';

import type { Emulator } from './index';
import { compactDate, signForTest, type TestSignInput } from './testSigner';

export interface ApiAnswer {
	status: number;
	headers: Record<string, string | string[] | undefined>;
	body: any;
}

export type CallInput = Omit<TestSignInput, 'publicKeyId' | 'privateKeyPem'> & {
	publicKeyId?: string;
	privateKeyPem?: string;
	/** Changes to make after signing, to play a proxy or a tamperer (undefined removes). */
	afterSigning?: { headers?: Record<string, string | undefined>; body?: string };
};

/** Signs with the emulator's generated key and its clock, unless the input says otherwise. */
export async function callApi(emulator: Emulator, input: CallInput): Promise<ApiAnswer> {
	const key = emulator.generatedKey;
	const signed = signForTest({
		date: compactDate(emulator.now()),
		...input,
		publicKeyId: input.publicKeyId ?? key!.publicKeyId,
		privateKeyPem: input.privateKeyPem ?? key!.privateKeyPem,
	});

	const headers = { ...signed.headers };
	for (const [name, value] of Object.entries(input.afterSigning?.headers ?? {})) {
		if (value === undefined) delete headers[name];
		else headers[name] = value;
	}
	const body = input.afterSigning?.body ?? signed.body;

	return send(emulator, { method: input.method, target: signed.target, headers, body });
}

export async function send(
	emulator: Emulator,
	input: { method: string; target: string; headers?: Record<string, string>; body?: string },
): Promise<ApiAnswer> {
	const response = await request(emulator.url + input.target, {
		method: input.method as 'GET',
		headers: input.headers,
		body: input.body,
	});
	const text = await response.body.text();
	return {
		status: response.statusCode,
		headers: response.headers,
		body: text ? JSON.parse(text) : undefined,
	};
}

/** Calls a control endpoint under /__emulator/. */
export async function control(
	emulator: Emulator,
	method: string,
	name: string,
	body?: unknown,
): Promise<ApiAnswer> {
	return send(emulator, {
		method,
		target: `/__emulator/${name}`,
		headers: { 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
}
