// One scenario per row of the troubleshooting table: the situation is staged against the
// emulator, the workflow runs on the real engine, and the error must show the row's text.
// README's Troubleshooting section is rendered from the same rows and must stay equal.
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { IDataObject } from 'n8n-workflow';

import { startEmulator, type Emulator } from '../../emulator';
import { runWorkflow, type RunResult } from '../../runner';
import { README_MARKERS, TROUBLESHOOTING, renderTroubleshooting } from '../../fixtures/troubleshooting';
import { emulatorCredentials } from '../../support/emulatorCredentials';
import { singleNodeWorkflow } from '../../support/workflows';

process.env.NO_PROXY = '127.0.0.1,localhost';

const ORDER_REFERENCE = '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_ORDER_REFERENCE_DATA_';
const SANDBOX_SETTLEMENT = '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_SANDBOX_SETTLEMENT_DATA_';

let emulator: Emulator;
beforeAll(async () => {
	emulator = await startEmulator({ processingDelayMs: 0 });
});
afterAll(async () => {
	await emulator.close();
});
beforeEach(() => {
	emulator.reset();
});

const run = (parameters: IDataObject, credentialOverrides: Record<string, unknown> = {}) =>
	runWorkflow(singleNodeWorkflow(parameters), {
		credentials: { amazonPayApi: emulatorCredentials(emulator, credentialOverrides) },
	});

const getReport = { resource: 'report', operation: 'get', reportId: 'A1B2C3' };
const createReport = (overrides: IDataObject = {}) => ({
	resource: 'report',
	operation: 'create',
	reportType: ORDER_REFERENCE,
	startTime: '2024-08-01T00:00:00Z',
	endTime: '2024-08-02T00:00:00Z',
	...overrides,
});

function anotherPrivateKey(): string {
	return generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
		type: 'pkcs8',
		format: 'pem',
	}) as string;
}

// A real OpenSSH key when ssh-keygen is at hand; its header is what the key reader looks at.
function openSshPrivateKey(): string {
	const dir = mkdtempSync(join(tmpdir(), 'openssh-'));
	try {
		execFileSync('ssh-keygen', ['-q', '-t', 'rsa', '-b', '2048', '-N', '', '-f', join(dir, 'key')]);
		return readFileSync(join(dir, 'key'), 'utf8');
	} catch {
		return '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAABlwAAAAdzc2gtcn\n-----END OPENSSH PRIVATE KEY-----\n';
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

function downloadDocument(reportDocumentId: string, documentOutput = 'rows') {
	return { resource: 'reportDocument', operation: 'download', reportDocumentId, documentOutput };
}

/** Stages each situation and runs the workflow that meets it. */
const SCENARIOS: Record<string, () => Promise<RunResult>> = {
	wrongKey: () => run(getReport, { privateKey: anotherPrivateKey() }),
	wrongRegion: () => run(getReport, { region: 'eu' }),
	sandboxKeyOnLive: () => {
		// A key ID without prefix leaves the environment to the credential.
		const key = emulator.generatedKey!;
		emulator.addKey({ publicKeyId: 'AGRSQX2CK4FQ5ELKVXNZ4WLI', publicKeyPem: key.publicKeyPem, region: 'na', environment: 'sandbox' });
		return run(getReport, { publicKeyId: 'AGRSQX2CK4FQ5ELKVXNZ4WLI', environment: 'live' });
	},
	clockAhead: () => {
		emulator.advanceClock(-10 * 60_000);
		return run(getReport);
	},
	openSshKey: () => run(getReport, { privateKey: openSshPrivateKey() }),
	publicKey: () => run(getReport, { privateKey: emulator.generatedKey!.publicKeyPem }),
	truncatedKey: () => {
		const pem = emulator.generatedKey!.privateKeyPem;
		return run(getReport, { privateKey: pem.slice(0, Math.floor(pem.length / 2)) });
	},
	unknownReport: () => run(getReport),
	unknownSchedule: () => run({ resource: 'reportSchedule', operation: 'get', reportScheduleId: '12345678901' }),
	unknownReportType: () => run(createReport({ reportType: '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_REFUNDS_' })),
	captureReport: () => run(createReport({ reportType: '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_CAPTURE_DATA_' })),
	endBeforeStart: () => run(createReport({ startTime: '2024-08-02T00:00:00Z', endTime: '2024-08-01T00:00:00Z' })),
	rangeRefused: () => {
		emulator.addFault({
			match: { method: 'POST', path: '/v2/reports' },
			action: 'status',
			status: 400,
			reasonCode: 'InvalidParameterValue',
			message: "The value provided for 'startTime' is outside the allowed range.",
		});
		return run(createReport({ startTime: '2019-01-01T00:00:00Z' }));
	},
	duplicateIdempotencyKey: () =>
		runWorkflow(
			singleNodeWorkflow(
				createReport({
					startTime: '={{ $json.start }}',
					endTime: '={{ $json.end }}',
					options: { idempotencyKey: 'nightly-report' },
				}),
				{
					items: [
						{ start: '2024-08-01T00:00:00Z', end: '2024-08-02T00:00:00Z' },
						{ start: '2024-08-02T00:00:00Z', end: '2024-08-03T00:00:00Z' },
					],
				},
			),
			{ credentials: { amazonPayApi: emulatorCredentials(emulator) } },
		),
	throttled: () => {
		emulator.setThrottle({ ratePerSecond: 0, burst: 0 });
		return run({ ...getReport, requestOptions: { maxAttempts: 2 } });
	},
	documentExpired: () => {
		const report = emulator.seedReport({ reportType: SANDBOX_SETTLEMENT });
		emulator.addFault({ match: { path: '/__documents/*' }, action: 'expire', times: 5 });
		return run(downloadDocument(report.reportDocumentId!, 'binary'));
	},
	notFlatFile: () => {
		const report = emulator.seedReport({
			reportType: ORDER_REFERENCE,
			documentContent: '<!DOCTYPE html><html><body><h1>Service Unavailable</h1></body></html>\n',
		});
		return run(downloadDocument(report.reportDocumentId!));
	},
};

describe('troubleshooting table', () => {
	it('has a scenario for every row and a row for every scenario', () => {
		expect(Object.keys(SCENARIOS).sort()).toEqual(TROUBLESHOOTING.map((row) => row.id).sort());
	});

	it.each(TROUBLESHOOTING.map((row) => [row.id, row] as const))('%s: the error shows what the table says', async (id, row) => {
		const result = await SCENARIOS[id]();

		expect(result.status).toBe('error');
		const shown = `${result.error?.message}\n${result.error?.description ?? ''}`;
		expect(shown).toContain(row.shows);
	});

	it('README holds the table as rendered from the same rows', () => {
		const readme = readFileSync(join(__dirname, '../../../README.md'), 'utf8');
		const start = readme.indexOf(README_MARKERS.start);
		const end = readme.indexOf(README_MARKERS.end);
		expect(start).toBeGreaterThan(-1);
		expect(end).toBeGreaterThan(start);
		const section = readme.slice(start + README_MARKERS.start.length, end).trim();
		expect(section).toBe(renderTroubleshooting().trim());
	});
});

describe('errors stop before any request when the input is at fault', () => {
	it.each(['openSshKey', 'publicKey', 'truncatedKey', 'unknownReportType', 'captureReport', 'endBeforeStart'])(
		'%s sends nothing to Amazon Pay',
		async (id) => {
			await SCENARIOS[id]();
			expect(emulator.requests()).toEqual([]);
		},
	);
});
