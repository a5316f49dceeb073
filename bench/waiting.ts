// Section 4: how many Amazon Pay calls the node spends waiting for a report, and how soon after
// Amazon finishes it the node notices, for reports that take 5 s, 60 s and 10 min.
//
// The node's waiting code runs unchanged, on n8n's engine, against the emulator. Only time is
// simulated: n8n's sleep (the one the node awaits between checks) moves the emulator's clock
// and this process's Date.now forward by the time asked for, instead of waiting it out.

import { dirname } from 'node:path';

import type { INodeParameters } from 'n8n-workflow';

import { startEmulator, type Emulator } from '../test/emulator';
import { loadPackageNodeTypes, runWorkflow, type LogLine } from '../test/runner';
import { emulatorCredentials } from '../test/support/emulatorCredentials';
import { answerParent, progress } from './lib/child';
import { formatMs, formatPercent } from './lib/stats';
import { verdict, type SectionResult, type TargetCheck } from './lib/table';
import { oneNodeWorkflow, PACKAGE_NODE_TYPE } from './lib/workflows';

const ORDER_REFERENCE = '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_ORDER_REFERENCE_DATA_';
const PROCESSING_TIMES_MS = [5_000, 60_000, 600_000];
const SHARE = 0.1;
// A check's elapsed wait is read after its answer, the next one is timed from there: allow the
// milliseconds of one call.
const TOLERANCE_MS = 5;

// ---- Simulated time ----

const realNow = Date.now.bind(Date);
let simulatedOffsetMs = 0;
let activeEmulator: Emulator | undefined;

function installSimulatedTime(): void {
	Date.now = () => realNow() + simulatedOffsetMs;

	// n8n-workflow re-exports sleep from @n8n/utils through getters, so replacing the function in
	// the module that defines it reaches every caller, the node's wait loop among them.
	const sleepModulePath = require.resolve('@n8n/utils/sleep', {
		paths: [dirname(require.resolve('n8n-workflow'))],
	});
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const sleepModule = require(sleepModulePath) as { sleep: (ms: number) => Promise<void> };
	sleepModule.sleep = async (ms: number) => {
		simulatedOffsetMs += ms;
		activeEmulator?.advanceClock(ms);
		await new Promise((resolve) => setImmediate(resolve));
	};
}

// ---- One scenario ----

interface Call {
	at: number;
	method: string;
	status: number;
}

interface ScenarioResult {
	operation: 'create' | 'get';
	processingMs: number;
	calls: Call[];
	createdAt: number;
	finishedAt: number;
	realMs: number;
}

async function runScenario(operation: 'create' | 'get', processingMs: number): Promise<ScenarioResult> {
	// Signatures carry the real date while the emulator's clock runs ahead by up to the wait:
	// its date check is widened to match.
	const emulator = await startEmulator({
		processingDelayMs: processingMs,
		maxDateAgeMs: 24 * 3600_000,
		now: realNow,
	});
	activeEmulator = emulator;
	simulatedOffsetMs = 0;
	try {
		const credentials = { amazonPayApi: emulatorCredentials(emulator) };

		let createdAt = Date.now();
		let parameters: INodeParameters;
		if (operation === 'create') {
			parameters = {
				resource: 'report',
				operation: 'create',
				reportType: ORDER_REFERENCE,
				startTime: '2024-08-01T00:00:00Z',
				endTime: '2024-08-02T00:00:00Z',
				waitForCompletion: true,
				options: {},
			};
		} else {
			const report = emulator.seedReport({
				reportType: ORDER_REFERENCE,
				processingStatus: 'COMPLETED',
				processingDelayMs: processingMs,
				createdTime: emulator.now(),
			});
			parameters = { resource: 'report', operation: 'get', reportId: report.reportId, waitForCompletion: true, options: {} };
		}

		const calls: Call[] = [];
		const logger = (line: LogLine) => {
			if (line.message !== 'Amazon Pay call') return;
			calls.push({ at: Date.now(), method: String(line.meta.method), status: Number(line.meta.status) });
		};
		const started = realNow();
		const result = await runWorkflow(
			oneNodeWorkflow({ type: PACKAGE_NODE_TYPE, typeVersion: 1, parameters }, 1),
			{ credentials, logger },
		);
		const realMs = realNow() - started;
		if (result.status !== 'success') throw new Error(`the workflow failed: ${result.error?.message}`);
		const [output] = result.outputs.Measured;
		if (output.json.processingStatus !== 'COMPLETED') {
			throw new Error(`the node handed on ${JSON.stringify(output.json)}`);
		}

		// Amazon's createdTime is the moment the create call was handled, just before its answer.
		if (operation === 'create') createdAt = calls[0].at;
		return { operation, processingMs, calls, createdAt, finishedAt: createdAt + processingMs, realMs };
	} finally {
		activeEmulator = undefined;
		await emulator.close();
	}
}

// ---- Reading the results ----

interface Reading {
	statusChecks: number;
	/** Smallest pause between two calls as a share of the wait elapsed at the first of them. */
	smallestSpacing: number;
	noticedAfterMs: number;
	/** Calls less than 100 ms apart at the start of the wait: the same status asked twice. */
	backToBack: number;
}

function read(result: ScenarioResult): Reading {
	const { calls } = result;
	const startedAt = calls[0].at;
	let smallestSpacing = Infinity;
	let backToBack = 0;
	for (let index = 1; index < calls.length; index++) {
		const elapsed = calls[index - 1].at - startedAt;
		const gap = calls[index].at - calls[index - 1].at;
		if (calls[index].method === 'GET' && calls[index - 1].method === 'GET' && gap < 100) backToBack++;
		if (elapsed <= 0) continue;
		smallestSpacing = Math.min(smallestSpacing, (gap + TOLERANCE_MS) / elapsed);
	}
	return {
		statusChecks: calls.filter((call) => call.method === 'GET').length,
		smallestSpacing,
		noticedAfterMs: calls[calls.length - 1].at - result.finishedAt,
		backToBack,
	};
}

function describeDuration(ms: number): string {
	return ms >= 60_000 ? `${ms / 60_000} min` : `${ms / 1000} s`;
}

async function main(): Promise<SectionResult> {
	await loadPackageNodeTypes();
	installSimulatedTime();

	const rows: string[][] = [];
	const targets: TargetCheck[] = [];
	const notes: string[] = [];
	for (const operation of ['create', 'get'] as const) {
		for (const processingMs of PROCESSING_TIMES_MS) {
			progress(`waiting: ${operation}, report ready after ${describeDuration(processingMs)}`);
			const result = await runScenario(operation, processingMs);
			const reading = read(result);
			const name = `${operation === 'create' ? 'Create Report' : 'Get Report'} + Wait, ${describeDuration(processingMs)}`;
			rows.push([
				name,
				String(result.calls.length),
				String(reading.statusChecks),
				formatMs(result.calls[result.calls.length - 1].at - result.createdAt),
				formatMs(reading.noticedAfterMs),
				formatPercent(reading.noticedAfterMs / processingMs),
				formatPercent(reading.smallestSpacing),
				formatMs(result.realMs),
			]);
			targets.push(
				{
					target: `${name}: at most 1 call per 10% of the elapsed wait`,
					measured: `pauses >= ${formatPercent(reading.smallestSpacing)} of elapsed`,
					verdict: verdict(reading.smallestSpacing >= SHARE),
					whenMissed: 'Read the pauses of the wait policy (nodes/shared/waitPolicy.ts).',
				},
				{
					target: `${name}: noticed within 10% of the wait after completion`,
					measured: `${formatPercent(reading.noticedAfterMs / processingMs)} (${formatMs(reading.noticedAfterMs)})`,
					verdict: verdict(reading.noticedAfterMs <= SHARE * processingMs),
					whenMissed:
						'The pause cap (Max Poll Interval) or the growth of the pauses is too coarse for ' +
						'this wait: read nodes/shared/waitPolicy.ts.',
				},
			);
			if (reading.backToBack > 0) {
				notes.push(
					`${name}: ${reading.backToBack} status check(s) less than 100 ms after the one before, at the start of the wait.`,
				);
			}
		}
	}

	notes.push(
		'Read as a total of 10 calls per wait, the target would be missed beyond a few seconds: checking ' +
			'every tenth of the time waited makes the calls grow with the logarithm of the wait (about 7 ' +
			'per doubling), which is what keeps the notice delay under 10% when the processing time is ' +
			'not known in advance. No schedule meets both a fixed count and a 10% notice delay then.',
	);
	return {
		title: '4. Waiting for a report: calls spent and delay after completion',
		method: [
			"The node's own wait code on n8n's engine against the emulator; time simulated: every sleep the",
			"node awaits (n8n's sleep) advances the emulator's clock and Date.now by the time asked for",
			"at once. The emulator's processing delay is the report's processing time.",
			'pauses = smallest pause between two calls / wait elapsed at the first of them (+5 ms for the call).',
			'Node options left at their defaults: Max Wait 15 min, Max Poll Interval 60 s.',
		],
		columns: [
			'scenario',
			'API calls',
			'status checks',
			'waited',
			'noticed after',
			'% of processing',
			'smallest pause',
			'real time',
		],
		rows,
		targets,
		notes,
	};
}

answerParent(main);
