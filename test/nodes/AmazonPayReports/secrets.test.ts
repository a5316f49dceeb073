// Runs a batch of workflows that meet every kind of failure (signature rejections, server
// errors, dropped and hung connections, throttling, expired documents, a failing trigger poll)
// and some that succeed, then scans everything n8n would show or store for the secrets:
// the private key, each Authorization header that was sent, and each signature in it.
import { generateKeyPairSync } from 'node:crypto';

import type { IDataObject } from 'n8n-workflow';

import { startEmulator, type Emulator } from '../../emulator';
import { getCapturedLogs, runWorkflow, type RunResult, type WorkflowJson } from '../../runner';
import { emulatorCredentials } from '../../support/emulatorCredentials';
import { startRecordingProxy, type RecordingProxy } from '../../support/recordingProxy';
import { TRIGGER_TYPE, singleNodeWorkflow } from '../../support/workflows';

process.env.NO_PROXY = '127.0.0.1,localhost';

const ORDER_REFERENCE = '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_ORDER_REFERENCE_DATA_';
const SETTLEMENT = '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_SANDBOX_SETTLEMENT_DATA_';

let emulator: Emulator;
let proxy: RecordingProxy;
beforeAll(async () => {
	emulator = await startEmulator({ processingDelayMs: 0 });
	proxy = await startRecordingProxy(emulator.url);
});
afterAll(async () => {
	await proxy.close();
	await emulator.close();
});

/** Every string reachable from a value, own non-enumerable properties (stack, cause) included. */
function collectStrings(value: unknown, into: string[] = [], seen = new Set<unknown>(), depth = 0): string[] {
	if (value === null || value === undefined || depth > 12) return into;
	if (typeof value === 'string') {
		into.push(value);
		return into;
	}
	if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return into;
	if (typeof value === 'function') return into;
	if (seen.has(value)) return into;
	seen.add(value);
	if (Buffer.isBuffer(value) || value instanceof Uint8Array) {
		into.push(Buffer.from(value).toString('utf8'), Buffer.from(value).toString('base64'));
		return into;
	}
	if (value instanceof Map) {
		for (const [key, entry] of value) {
			collectStrings(key, into, seen, depth + 1);
			collectStrings(entry, into, seen, depth + 1);
		}
		return into;
	}
	for (const name of Object.getOwnPropertyNames(value)) {
		if (value instanceof Error && name === 'node') continue; // the workflow's node, not the request
		let entry: unknown;
		try {
			entry = (value as Record<string, unknown>)[name];
		} catch {
			continue;
		}
		into.push(name);
		collectStrings(entry, into, seen, depth + 1);
	}
	return into;
}

/** Pieces of a secret long enough to be unmistakable: every 24 characters, 24 long. */
function fingerprints(secret: string, width = 24): string[] {
	const compact = secret.replace(/\s+/g, '');
	const pieces: string[] = [];
	for (let start = 0; start + width <= compact.length; start += width) pieces.push(compact.slice(start, start + width));
	return pieces;
}

function privateKeyBody(pem: string): string {
	return pem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '');
}

describe('no secret reaches outputs, errors or logs', () => {
	it('a faulty batch of runs shows none of the key, the Authorization headers or the signatures', async () => {
		const key = emulator.generatedKey!;
		const credentials = emulatorCredentials(emulator, { baseUrl: proxy.url });
		const wrongKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
		const results: RunResult[] = [];
		const run = async (workflow: WorkflowJson, overrides: Record<string, unknown> = {}, staticData?: IDataObject) => {
			const result = await runWorkflow(workflow, {
				credentials: { amazonPayApi: { ...credentials, ...overrides } },
				staticData,
			});
			results.push(result);
			return result;
		};
		const create = (requestOptions: IDataObject = {}) =>
			singleNodeWorkflow({
				resource: 'report',
				operation: 'create',
				reportType: ORDER_REFERENCE,
				startTime: '2024-08-01T00:00:00Z',
				endTime: '2024-08-02T00:00:00Z',
				requestOptions,
			});
		const get = (reportId: string, requestOptions: IDataObject = {}, onError?: 'continueRegularOutput') =>
			singleNodeWorkflow({ resource: 'report', operation: 'get', reportId, requestOptions }, { onError, items: [{}, {}] });

		// Successes, so that outputs hold real answers.
		const created = await run(create());
		expect(created.status).toBe('success');
		const reportId = created.outputs['Amazon Pay'][0].json.reportId as string;
		expect((await run(get(reportId))).status).toBe('success');

		// Server errors that outlast the retries, then a drop after commit that is retried.
		emulator.addFault({ match: { path: '/v2/reports*' }, action: 'status', status: 503, times: 3 });
		expect((await run(create({ maxAttempts: 3 }))).status).toBe('error');
		emulator.addFault({ match: { method: 'POST', path: '/v2/reports' }, action: 'dropAfterCommit' });
		expect((await run(create())).status).toBe('success');

		// Dropped and hung connections.
		emulator.addFault({ match: { path: '/v2/reports*' }, action: 'drop', times: 3 });
		expect((await run(get(reportId, { maxAttempts: 3 }))).status).toBe('error');
		emulator.addFault({ match: { path: '/v2/reports*' }, action: 'delay', delayMs: 5_000, times: 1 });
		expect((await run(get(reportId, { timeoutSeconds: 1, maxAttempts: 1 }))).status).toBe('error');

		// Signature and credential rejections, one continuing on fail.
		expect((await run(get(reportId), { privateKey: wrongKey })).status).toBe('error');
		const continued = await run(get(reportId, {}, 'continueRegularOutput'), { region: 'jp' });
		expect(continued.outputs['Amazon Pay'][0].json.error).toBeDefined();
		emulator.advanceClock(-10 * 60_000);
		expect((await run(get(reportId))).status).toBe('error');
		emulator.advanceClock(10 * 60_000);

		// Throttling that outlasts the retries.
		emulator.setThrottle({ ratePerSecond: 0, burst: 0 });
		expect((await run(get(reportId, { maxAttempts: 2 }))).status).toBe('error');
		emulator.setThrottle(null);

		// A document whose links keep expiring, and one that is not a flat file.
		const settlement = emulator.seedReport({ reportType: SETTLEMENT });
		emulator.addFault({ match: { path: '/__documents/*' }, action: 'expire', times: 2 });
		const download = (reportDocumentId: string) =>
			singleNodeWorkflow({ resource: 'reportDocument', operation: 'download', reportDocumentId, documentOutput: 'both' });
		expect((await run(download(settlement.reportDocumentId!))).status).toBe('error');
		expect((await run(download(settlement.reportDocumentId!))).status).toBe('success');

		// A trigger poll that fails.
		emulator.addFault({ match: { path: '/v2/reports*' }, action: 'status', status: 500, times: 5 });
		const trigger: WorkflowJson = {
			nodes: [
				{
					id: 'trigger',
					name: 'Amazon Pay Trigger',
					type: TRIGGER_TYPE,
					typeVersion: 1,
					position: [0, 0],
					parameters: { reportTypes: [SETTLEMENT] },
					credentials: { amazonPayApi: { id: 'amazonPayEmulator', name: 'Amazon Pay (emulator)' } },
				},
			],
			connections: {},
		} as WorkflowJson;
		expect((await run(trigger)).status).toBe('error');

		// What was sent: each Authorization header and each signature in it.
		expect(proxy.authorizations.length).toBeGreaterThan(10);
		const signatures = proxy.authorizations.map((value) => /Signature=([A-Za-z0-9+/=]+)/.exec(value)?.[1] ?? '');
		expect(signatures.every((signature) => signature.length > 300)).toBe(true);

		const secrets = [
			...fingerprints(privateKeyBody(key.privateKeyPem)),
			...fingerprints(privateKeyBody(wrongKey)),
			...proxy.authorizations.flatMap((value) => fingerprints(value.slice(value.indexOf('Signature=')), 40)),
			...signatures.flatMap((signature) => fingerprints(signature)),
		];

		const shown = collectStrings([
			results.map((result) => ({
				outputs: result.allOutputs,
				runData: result.runData,
				error: result.error,
				logs: result.logs,
			})),
			getCapturedLogs(),
		]);
		const haystack = shown.join('\n');
		expect(haystack.length).toBeGreaterThan(10_000);
		// The scan looks where the secrets would appear: the error descriptions and the logs.
		expect(haystack).toContain('Amazon Pay rejected the request signature');
		expect(haystack).toContain('Amazon Pay call');

		// Line breaks, escaped or not, must not hide a key split over lines.
		const compact = haystack.replace(/\\[nr]/g, '').replace(/\s+/g, '');
		const leaks = secrets.filter((piece) => compact.includes(piece));
		expect(leaks).toEqual([]);
		expect(haystack).not.toMatch(/Signature=[A-Za-z0-9+/]{20}/);
		expect(haystack).not.toMatch(/-----BEGIN (RSA )?PRIVATE KEY-----/);
	}, 60_000);

	it('the scan finds a secret that is there', () => {
		// Guards the scan itself: a key body put into an output would be caught.
		const pem = emulator.generatedKey!.privateKeyPem;
		const haystack = collectStrings({ json: { note: `pasted ${pem.slice(100, 260)}` } }).join('\n');
		const compact = haystack.replace(/\\[nr]/g, '').replace(/\s+/g, '');
		expect(fingerprints(privateKeyBody(pem)).some((piece) => compact.includes(piece))).toBe(true);
	});
});
