import type { IDataObject } from 'n8n-workflow';

import { startEmulator, type Emulator } from '../../emulator';
import { runWorkflow, type RunResult, type WorkflowJson } from '../../runner';
import { afterTimePasses } from '../../support/clock';
import { emulatorCredentials } from '../../support/emulatorCredentials';
import { TRIGGER_TYPE } from '../../support/workflows';

process.env.NO_PROXY = '127.0.0.1,localhost';

const SETTLEMENT = '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_SANDBOX_SETTLEMENT_DATA_';
const ORDER_REFERENCE = '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_ORDER_REFERENCE_DATA_';
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

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

function triggerWorkflow(parameters: IDataObject = {}): WorkflowJson {
	return {
		name: 'trigger test',
		nodes: [
			{
				id: 'trigger',
				name: 'Amazon Pay Trigger',
				type: TRIGGER_TYPE,
				typeVersion: 1,
				position: [0, 0],
				parameters: { reportTypes: [SETTLEMENT], ...parameters },
				credentials: { amazonPayApi: { id: 'amazonPayEmulator', name: 'Amazon Pay (emulator)' } },
			},
			{
				id: 'after',
				name: 'After',
				type: 'n8n-nodes-base.noOp',
				typeVersion: 1,
				position: [200, 0],
				parameters: {},
			},
		],
		connections: { 'Amazon Pay Trigger': { main: [[{ node: 'After', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	} as WorkflowJson;
}

/** Polls like an active workflow: static data carried from one poll to the next, as n8n saves it. */
class Poller {
	staticData: IDataObject = {};
	emitted: string[] = [];

	constructor(private readonly parameters: IDataObject = {}) {}

	async poll(): Promise<RunResult> {
		const result = await runWorkflow(triggerWorkflow(this.parameters), {
			mode: 'trigger',
			staticData: this.staticData,
			credentials: { amazonPayApi: emulatorCredentials(emulator) },
		});
		if (result.status === 'success') {
			this.staticData = result.staticData;
			this.emitted.push(...(result.outputs['Amazon Pay Trigger'] ?? []).map((item) => String(item.json.reportId)));
		}
		return result;
	}
}

/** Moves Amazon's clock and this process's Date.now on by `ms`, then polls twice. */
async function pollTwiceAfter(poller: Poller, ms: number): Promise<void> {
	await afterTimePasses(emulator, ms, async () => {
		await poller.poll();
		await poller.poll();
	});
}

const seed = (input: Partial<Parameters<Emulator['seedReport']>[0]> = {}) =>
	emulator.seedReport({ reportType: SETTLEMENT, processingStatus: 'COMPLETED', ...input });

describe('AmazonPayReportsTrigger', () => {
	it('starts from now on first activation, then emits each new completed report once', async () => {
		seed({ createdTime: Date.now() - 2 * DAY });
		const poller = new Poller();

		const first = await poller.poll();
		expect(first.started).toBe(false);

		const fresh = seed();
		seed({ reportType: ORDER_REFERENCE });
		await poller.poll();
		await poller.poll();

		expect(poller.emitted).toEqual([fresh.reportId]);
	});

	it('includes the last N days on first activation when asked', async () => {
		const old = seed({ createdTime: Date.now() - 5 * DAY });
		const recent = seed({ createdTime: Date.now() - 2 * DAY });
		const poller = new Poller({ includeLastDays: 3 });

		await poller.poll();
		await poller.poll();

		expect(poller.emitted).toEqual([recent.reportId]);
		expect(poller.emitted).not.toContain(old.reportId);
	});

	it('emits a report created before activation that completes after it', async () => {
		const running = seed({ createdTime: Date.now() - MINUTE, processingDelayMs: 30 * MINUTE });
		const done = seed({ createdTime: Date.now() - 2 * MINUTE });
		const poller = new Poller();
		await poller.poll();
		expect(poller.emitted).toEqual([]);

		await pollTwiceAfter(poller, 31 * MINUTE);
		expect(poller.emitted).toEqual([running.reportId]);
		expect(poller.emitted).not.toContain(done.reportId);
	});

	it('looks back by completion: a report created before the N days but completed within them counts', async () => {
		const slow = seed({ createdTime: Date.now() - 4 * DAY, processingDelayMs: 2 * DAY });
		const poller = new Poller({ includeLastDays: 3 });

		await poller.poll();
		await poller.poll();

		expect(poller.emitted).toEqual([slow.reportId]);
	});

	it('reads a look-back that an expression gives as text', async () => {
		const recent = seed({ createdTime: Date.now() - 2 * DAY });
		const poller = new Poller({ includeLastDays: '={{ "3" }}' });

		await poller.poll();

		expect(poller.emitted).toEqual([recent.reportId]);
	});

	it.each([
		['beyond the 89 days Amazon Pay keeps', 100],
		['negative', -1],
		['not a number', 'a week'],
	])('refuses a look-back %s, naming the field', async (_name, includeLastDays) => {
		const result = await new Poller({ includeLastDays }).poll();

		expect(result.status).toBe('error');
		expect(result.error?.message).toBe(
			`The Include Reports From the Last (Days) "${includeLastDays}" must be a number from 0 to 89.`,
		);
		expect(result.error?.description).toBe('For example 7.');
		expect(emulator.requests()).toHaveLength(0);
	});

	// Reports are seeded with creation times after the first poll: on first activation the
	// trigger starts from that moment.
	it('emits reports that share a creation time, every one once', async () => {
		const poller = new Poller();
		await poller.poll();
		const createdTime = Date.now();
		const tied = [seed({ createdTime }), seed({ createdTime }), seed({ createdTime })];

		await poller.poll();
		await poller.poll();

		expect([...poller.emitted].sort()).toEqual(tied.map((report) => report.reportId).sort());
	});

	it('reads every page of a large batch in one poll', async () => {
		const poller = new Poller();
		await poller.poll();
		const start = Date.now();
		const batch = Array.from({ length: 250 }, (_, index) => seed({ createdTime: start + (index % 7) }));
		// Amazon lists reports created up to its now: the poll must come after the last of them.
		await new Promise((resolve) => setTimeout(resolve, 10));

		const result = await poller.poll();
		await poller.poll();

		expect(result.outputs['Amazon Pay Trigger']).toHaveLength(250);
		expect(new Set(poller.emitted).size).toBe(250);
		expect([...poller.emitted].sort()).toEqual(batch.map((report) => report.reportId).sort());
	});

	it('emits a report that completes after a later one, when it completes', async () => {
		const poller = new Poller();
		await poller.poll();
		const slow = seed({ processingDelayMs: 30 * MINUTE });
		const quick = seed();

		await poller.poll();
		expect(poller.emitted).toEqual([quick.reportId]);

		// Half an hour on Amazon's side: the slow report is done; our polls went on meanwhile.
		await pollTwiceAfter(poller, 31 * MINUTE);
		expect(poller.emitted).toEqual([quick.reportId, slow.reportId]);
	});

	it('loses nothing when a poll fails: the next poll emits what was missed', async () => {
		const poller = new Poller();
		await poller.poll();
		const report = seed();
		emulator.addFault({ match: { method: 'GET', path: '/v2/reports*' }, action: 'status', status: 503, times: 3 });

		const failed = await poller.poll();
		expect(failed.status).toBe('error');
		expect(poller.emitted).toEqual([]);

		await poller.poll();
		expect(poller.emitted).toEqual([report.reportId]);
	});

	it('keeps its place across a restart (static data saved, process gone)', async () => {
		const before = new Poller();
		await before.poll();
		const first = seed();
		await before.poll();

		const afterRestart = new Poller();
		afterRestart.staticData = JSON.parse(JSON.stringify(before.staticData));
		const second = seed();
		await afterRestart.poll();

		expect(before.emitted).toEqual([first.reportId]);
		expect(afterRestart.emitted).toEqual([second.reportId]);
	});

	it('returns the newest matching report in manual mode, and touches no static data', async () => {
		seed({ createdTime: Date.now() - 3 * DAY });
		const newest = seed({ createdTime: Date.now() - DAY });
		seed({ reportType: ORDER_REFERENCE });

		const result = await runWorkflow(triggerWorkflow(), {
			credentials: { amazonPayApi: emulatorCredentials(emulator) },
		});

		expect(result.status).toBe('success');
		expect(result.outputs['Amazon Pay Trigger'].map((item) => item.json.reportId)).toEqual([newest.reportId]);
		expect(result.staticData).toEqual({});
	});
});
