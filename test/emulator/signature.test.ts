import { constants, createHash, generateKeyPairSync, sign, verify } from 'node:crypto';

import { generateKeyPair, startEmulator, type Emulator } from './index';
import { signWithSdk } from './sdkSigner';
import { callApi, send } from './testClient';
import { compactDate, LEGACY, signForTest, V2 } from './testSigner';

let emulator: Emulator;

beforeAll(async () => {
	emulator = await startEmulator({ processingDelayMs: 0 });
});
afterAll(async () => emulator.close());
beforeEach(() => emulator.reset());

const reportsPath = '/v2/reports';
const createBody = JSON.stringify({
	reportType: '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_SANDBOX_SETTLEMENT_DATA_',
	startTime: '20221101T000000Z',
	endTime: '20221118T000000Z',
});

describe('requests signed by the official Node.js SDK', () => {
	it.each([V2, LEGACY])('accepts %s for Create Report and Get Reports', async (algorithm) => {
		const key = emulator.generatedKey!;
		const config = {
			publicKeyId: key.publicKeyId,
			privateKey: key.privateKeyPem,
			region: 'us',
			sandbox: true,
			algorithm,
			overrideServiceUrl: `127.0.0.1:${emulator.port}`,
		};
		const tlsBefore = process.env.NODE_TLS_REJECT_UNAUTHORIZED;

		const createHeaders = signWithSdk(config, {
			method: 'POST',
			urlFragment: 'v2/reports',
			payload: createBody,
			headers: { 'x-amz-pay-idempotency-key': 'sdk-create-1' },
		});
		const created = await send(emulator, {
			method: 'POST',
			target: reportsPath,
			headers: createHeaders,
			body: createBody,
		});
		expect(created.status).toBe(201);
		expect(created.body.reportId).toMatch(/^\d{12}$/);

		const query = {
			pageSize: '5',
			reportTypes: '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_SANDBOX_SETTLEMENT_DATA_',
		};
		const listHeaders = signWithSdk(config, {
			method: 'GET',
			urlFragment: 'v2/reports',
			queryParams: query,
		});
		const listed = await send(emulator, {
			method: 'GET',
			target: `${reportsPath}?pageSize=5&reportTypes=${query.reportTypes}`,
			headers: listHeaders,
		});
		expect(listed.status).toBe(200);
		expect(listed.body.reports).toHaveLength(1);
		expect(process.env.NODE_TLS_REJECT_UNAUTHORIZED).toBe(tlsBefore);
	});

	it('accepts the SDK with the environment in the path for a key without a prefix', async () => {
		const pair = generateKeyPair({ prefix: '' });
		emulator.addKey({ ...pair, region: 'eu', environment: 'sandbox' });
		const headers = signWithSdk(
			{
				publicKeyId: pair.publicKeyId,
				privateKey: pair.privateKeyPem,
				region: 'de',
				sandbox: true,
				algorithm: V2,
				overrideServiceUrl: `127.0.0.1:${emulator.port}`,
			},
			{ method: 'GET', urlFragment: 'sandbox/v2/reports' },
		);

		const answer = await send(emulator, { method: 'GET', target: '/sandbox/v2/reports', headers });
		expect(answer.status).toBe(200);
	});
});

describe('signature verification', () => {
	it('accepts a test-signed request whose query needs strict RFC 3986 encoding', async () => {
		const answer = await callApi(emulator, {
			method: 'GET',
			path: reportsPath,
			query: { createdSince: '2022-11-01T00:00:00Z', processingStatuses: 'COMPLETED,FAILED' },
		});
		expect(answer.status).toBe(200);
	});

	it('reads a raw plus in the query as a plus, not a space', async () => {
		const key = emulator.generatedKey!;
		const signed = signForTest({
			method: 'GET',
			path: reportsPath,
			query: { nextToken: 'a+b' },
			publicKeyId: key.publicKeyId,
			privateKeyPem: key.privateKeyPem,
			date: compactDate(emulator.now()),
		});
		expect(signed.target).toBe(`${reportsPath}?nextToken=a%2Bb`);

		// Signature accepted, so the answer comes from Get Reports itself: the token is unknown.
		const answer = await send(emulator, {
			method: 'GET',
			target: `${reportsPath}?nextToken=a+b`,
			headers: signed.headers,
		});
		expect(answer.status).toBe(400);
		expect(answer.body.reasonCode).toBe('InvalidParameterValue');
		expect(answer.body.message).toContain('nextToken');
	});

	it('rejects a body changed after signing and quotes the expected string to sign', async () => {
		const answer = await callApi(emulator, {
			method: 'POST',
			path: reportsPath,
			body: createBody,
			afterSigning: { body: createBody.replace('20221101', '20221102') },
		});
		expect(answer.status).toBe(401);
		expect(answer.body.reasonCode).toBe('InvalidRequestSignature');
		expect(answer.body.message).toMatch(
			/The String-to-Sign should have been "AMZN-PAY-RSASSA-PSS-V2\n[0-9a-f]{64}"/,
		);
	});

	it('rejects a body serialised differently from the signed bytes', async () => {
		const answer = await callApi(emulator, {
			method: 'POST',
			path: reportsPath,
			body: createBody,
			afterSigning: { body: JSON.stringify(JSON.parse(createBody), null, 1) },
		});
		expect(answer.status).toBe(401);
		expect(answer.body.reasonCode).toBe('InvalidRequestSignature');
	});

	it('rejects a signature made with a private key that does not belong to the key ID', async () => {
		const other = generateKeyPair();
		const answer = await callApi(emulator, {
			method: 'GET',
			path: reportsPath,
			privateKeyPem: other.privateKeyPem,
		});
		expect(answer.status).toBe(401);
		expect(answer.body.reasonCode).toBe('InvalidRequestSignature');
		expect(answer.body.message).toContain('String-to-Sign');
	});

	it('rejects the V2 name over a salt-20 signature', async () => {
		const answer = await callApi(emulator, {
			method: 'GET',
			path: reportsPath,
			algorithm: V2,
			saltLength: 20,
		});
		expect(answer.status).toBe(401);
		expect(answer.body.reasonCode).toBe('InvalidRequestSignature');
		expect(answer.body.message).toContain('String-to-Sign');
	});

	it('rejects the legacy name over a salt-32 signature', async () => {
		const answer = await callApi(emulator, {
			method: 'GET',
			path: reportsPath,
			algorithm: LEGACY,
			saltLength: 32,
		});
		expect(answer.status).toBe(401);
		expect(answer.body.reasonCode).toBe('InvalidRequestSignature');
		expect(answer.body.message).toContain('String-to-Sign');
	});

	it('relies on node verifying the salt length strictly', () => {
		const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
		const data = Buffer.from('AMZN-PAY-RSASSA-PSS-V2\n' + createHash('sha256').digest('hex'));
		const pss = constants.RSA_PKCS1_PSS_PADDING;
		const salt20 = sign('sha256', data, { key: privateKey, padding: pss, saltLength: 20 });

		expect(verify('sha256', data, { key: publicKey, padding: pss, saltLength: 20 }, salt20)).toBe(
			true,
		);
		expect(verify('sha256', data, { key: publicKey, padding: pss, saltLength: 32 }, salt20)).toBe(
			false,
		);
	});

	it('rejects a signed header that a proxy dropped', async () => {
		const answer = await callApi(emulator, {
			method: 'GET',
			path: reportsPath,
			afterSigning: { headers: { 'content-type': undefined } },
		});
		expect(answer.status).toBe(401);
		expect(answer.body.reasonCode).toBe('InvalidRequestSignature');
		expect(answer.body.message).toContain("'content-type'");
	});

	it('rejects a required header that was sent but not signed', async () => {
		const answer = await callApi(emulator, {
			method: 'GET',
			path: reportsPath,
			signedHeaders: ['accept', 'content-type', 'x-amz-pay-date', 'x-amz-pay-region'],
		});
		expect(answer.status).toBe(401);
		expect(answer.body.reasonCode).toBe('InvalidRequestSignature');
		expect(answer.body.message).toContain("'x-amz-pay-host'");
	});

	it('rejects an idempotency key that was sent but not signed', async () => {
		const answer = await callApi(emulator, {
			method: 'POST',
			path: reportsPath,
			body: createBody,
			headers: { 'x-amz-pay-idempotency-key': 'abc' },
			signedHeaders: [
				'accept',
				'content-type',
				'x-amz-pay-date',
				'x-amz-pay-host',
				'x-amz-pay-region',
			],
		});
		expect(answer.status).toBe(401);
		expect(answer.body.message).toContain("'x-amz-pay-idempotency-key'");
	});

	it('answers MissingHeader when a required header is absent altogether', async () => {
		const answer = await callApi(emulator, {
			method: 'GET',
			path: reportsPath,
			signedHeaders: ['accept', 'content-type', 'x-amz-pay-date', 'x-amz-pay-region'],
			afterSigning: { headers: { 'x-amz-pay-host': undefined } },
		});
		expect(answer.status).toBe(400);
		expect(answer.body).toEqual({
			reasonCode: 'MissingHeader',
			message: "The 'x-amz-pay-host' header is missing.",
		});
	});

	it('answers MissingHeader without an authorization header', async () => {
		const answer = await send(emulator, { method: 'GET', target: reportsPath });
		expect(answer.status).toBe(400);
		expect(answer.body.reasonCode).toBe('MissingHeader');
		expect(answer.headers['content-type']).toBe('application/json');
	});

	it.each([
		['a malformed header', 'AMZN-PAY-RSASSA-PSS-V2 garbage'],
		[
			'an unknown algorithm',
			'AMZN-PAY-RSASSA-PKCS1 PublicKeyId=X, SignedHeaders=accept, Signature=AA==',
		],
		['no parameters', 'AMZN-PAY-RSASSA-PSS-V2'],
	])('answers InvalidHeaderValue for %s', async (_case, authorization) => {
		const answer = await send(emulator, {
			method: 'GET',
			target: reportsPath,
			headers: { authorization },
		});
		expect(answer.status).toBe(400);
		expect(answer.body.reasonCode).toBe('InvalidHeaderValue');
	});

	it("rejects a date ahead of the clock with Amazon's exact message", async () => {
		const answer = await callApi(emulator, {
			method: 'GET',
			path: reportsPath,
			date: compactDate(emulator.now() + 5 * 60_000),
		});
		expect(answer.status).toBe(400);
		expect(answer.body).toEqual({
			reasonCode: 'InvalidHeaderValue',
			message: 'x-amz-pay-date should not be in future',
		});
	});

	it('accepts a date within the allowed skew, in extended form', async () => {
		const date = new Date(emulator.now() + 30_000).toISOString().slice(0, 19) + 'Z';
		const answer = await callApi(emulator, { method: 'GET', path: reportsPath, date });
		expect(answer.status).toBe(200);
	});

	it('rejects a stale date', async () => {
		const answer = await callApi(emulator, {
			method: 'GET',
			path: reportsPath,
			date: compactDate(emulator.now() - 16 * 60_000),
		});
		expect(answer.status).toBe(400);
		expect(answer.body.reasonCode).toBe('InvalidHeaderValue');
		expect(answer.body.message).toContain('too old');
	});

	it('rejects the right key sent to another region', async () => {
		const answer = await callApi(emulator, { method: 'GET', path: reportsPath, region: 'eu' });
		expect(answer.status).toBe(401);
		expect(answer.body.reasonCode).toBe('InvalidRequestSignature');
		expect(answer.body.message).toContain("not known in region 'eu'");
	});

	it('rejects a sandbox key on the live path', async () => {
		const answer = await callApi(emulator, { method: 'GET', path: '/live/v2/reports' });
		expect(answer.status).toBe(401);
		expect(answer.body.reasonCode).toBe('UnauthorizedAccess');
		expect(answer.body.message).toContain('belongs to the sandbox environment');
	});

	it('rejects a live-prefixed key registered for sandbox', async () => {
		const pair = generateKeyPair({ prefix: 'LIVE-' });
		emulator.addKey({ ...pair, region: 'na', environment: 'sandbox' });
		const answer = await callApi(emulator, {
			method: 'GET',
			path: reportsPath,
			publicKeyId: pair.publicKeyId,
			privateKeyPem: pair.privateKeyPem,
		});
		expect(answer.status).toBe(401);
		expect(answer.body.reasonCode).toBe('UnauthorizedAccess');
	});

	it('rejects an unknown public key ID', async () => {
		const pair = generateKeyPair();
		const answer = await callApi(emulator, {
			method: 'GET',
			path: reportsPath,
			publicKeyId: pair.publicKeyId,
			privateKeyPem: pair.privateKeyPem,
		});
		expect(answer.status).toBe(401);
		expect(answer.body.reasonCode).toBe('UnauthorizedAccess');
		expect(answer.body.message).toMatch(/unknown public key ID/i);
	});

	it('never keeps signatures or key material in the request log', async () => {
		await callApi(emulator, { method: 'GET', path: reportsPath });
		const log = JSON.stringify(emulator.requests());
		expect(log).toContain('authorization');
		expect(log).not.toContain('Signature=');
		expect(log).not.toContain('PublicKeyId');
	});
});
