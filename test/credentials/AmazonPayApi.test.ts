// The credential's Test button: its request, signed by the credential itself, against the
// emulator. n8n reports a failed test with the message of the rule for the status Amazon answered.
import type {
	IAuthenticateRuleResponseCode,
	ICredentialDataDecryptedObject,
	IHttpRequestOptions,
} from 'n8n-workflow';

import { AmazonPayApi } from '../../credentials/AmazonPayApi.credentials';
import { AmazonPayInputError } from '../../nodes/shared/errors';
import { generateKeyPair, startEmulator, type Emulator } from '../emulator';
import { emulatorCredentials } from '../support/emulatorCredentials';

process.env.NO_PROXY = '127.0.0.1,localhost';

const credential = new AmazonPayApi();
let emulator: Emulator;

beforeAll(async () => {
	emulator = await startEmulator({ processingDelayMs: 0 });
});
afterAll(async () => {
	await emulator.close();
});

/** Sends the credential's test request as n8n would, and returns the status answered. */
async function testRequestStatus(values: ICredentialDataDecryptedObject): Promise<number> {
	const request = { ...credential.test.request } as IHttpRequestOptions;
	const signed = await credential.authenticate(values, request);
	const response = await fetch(signed.url, {
		method: signed.method,
		headers: signed.headers as Record<string, string>,
	});
	await response.arrayBuffer();
	return response.status;
}

function ruleMessage(status: number): string | undefined {
	const rules = (credential.test.rules ?? []) as IAuthenticateRuleResponseCode[];
	return rules.find((rule) => rule.type === 'responseCode' && rule.properties.value === status)
		?.properties.message;
}

it('passes with the key pair the emulator knows', async () => {
	expect(await testRequestStatus(emulatorCredentials(emulator))).toBe(200);
});

it('names the Private Key when the key does not belong to the Public Key ID', async () => {
	const status = await testRequestStatus(
		emulatorCredentials(emulator, { privateKey: generateKeyPair().privateKeyPem }),
	);

	expect(ruleMessage(status)).toMatch(/Private Key .* Public Key ID/);
});

it('names the Public Key ID when Amazon Pay does not know the key', async () => {
	const status = await testRequestStatus(
		emulatorCredentials(emulator, { publicKeyId: 'SANDBOX-AUNKNOWNKEY00000000000000' }),
	);

	expect(ruleMessage(status)).toMatch(/Public Key ID/);
});

it('passes with the Public Key ID pasted in quotes, as from a JSON file', async () => {
	const values = emulatorCredentials(emulator);

	expect(await testRequestStatus({ ...values, publicKeyId: `"${values.publicKeyId}"` })).toBe(200);
	expect(await testRequestStatus({ ...values, publicKeyId: ` '${values.publicKeyId}'\n` })).toBe(200);
});

it('passes with a Private Key that carries its certificate and invisible characters', async () => {
	const values = emulatorCredentials(emulator);
	const certificate = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
	const privateKey = `\uFEFF${certificate}${values.privateKey.replace(/\n/g, '\u200B\n')}`;

	expect(await testRequestStatus({ ...values, privateKey })).toBe(200);
});

it('refuses a Public Key ID with more than the ID before anything is sent', async () => {
	const values = emulatorCredentials(emulator, {
		publicKeyId: `${emulator.generatedKey!.publicKeyId}, Signature=abc`,
	});

	await expect(testRequestStatus(values)).rejects.toBeInstanceOf(AmazonPayInputError);
	await expect(testRequestStatus(values)).rejects.toMatchObject({ field: 'Public Key ID' });
});

it('has a rule for each status Amazon Pay answers a refused key with', () => {
	expect(ruleMessage(401)).toBeDefined();
	expect(ruleMessage(403)).toBeDefined();
});
