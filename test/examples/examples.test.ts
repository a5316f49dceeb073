import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { NodeHelpers, type IDataObject, type INodeParameters, type INodeProperties } from 'n8n-workflow';

import { startEmulator, type Emulator } from '../emulator';
import { loadPackageNodeTypes, runWorkflow, type RunResult, type WorkflowJson } from '../runner';
import { emulatorCredentials } from '../support/emulatorCredentials';
import { parseSettlement, parseTable, servedDocument } from '../support/servedDocuments';
import { NODE_TYPE, TRIGGER_TYPE } from '../support/workflows';

process.env.NO_PROXY = '127.0.0.1,localhost';

const EXAMPLES_DIR = join(__dirname, '..', '..', 'examples');
const ORDER_REFERENCE = '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_ORDER_REFERENCE_DATA_';
const SANDBOX_SETTLEMENT = '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_SANDBOX_SETTLEMENT_DATA_';
// n8n's default time zone, which the runner uses like an instance without GENERIC_TIMEZONE.
const TIME_ZONE = 'America/New_York';
const HOUR = 3600_000;
const DAY = 24 * HOUR;

// Built-in node types that run here as faithful stand-ins (test/runner/builtin-nodes.ts).
const BUILTIN_NODE_TYPES = ['n8n-nodes-base.manualTrigger', 'n8n-nodes-base.noOp'];

const exampleFiles = readdirSync(EXAMPLES_DIR).filter((name) => name.endsWith('.json')).sort();
const readExample = (file: string) => JSON.parse(readFileSync(join(EXAMPLES_DIR, file), 'utf8')) as WorkflowJson;

let emulator: Emulator;
beforeAll(async () => {
	// Schedules run on the emulator's clock, moved days ahead; requests signed with the real time
	// must still be accepted then.
	emulator = await startEmulator({ processingDelayMs: 300, maxDateAgeMs: 30 * DAY });
});
afterAll(async () => {
	await emulator.close();
});
beforeEach(() => {
	emulator.reset();
});

const run = (workflow: WorkflowJson, options: Parameters<typeof runWorkflow>[1] = {}) =>
	runWorkflow(workflow, { credentials: { amazonPayApi: emulatorCredentials(emulator) }, ...options });

const jsonOf = (result: RunResult, node: string) => (result.outputs[node] ?? []).map((item) => item.json);

const compact = (ms: number) => new Date(ms).toISOString().replace(/[-:]|\.\d{3}/g, '');

/** Year, month (1-12) and day of an instant on the workflow's wall clock. */
function zonedDate(ms: number): [number, number, number] {
	const parts = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' })
		.format(ms)
		.split('-')
		.map(Number);
	return [parts[0], parts[1], parts[2]];
}

/** The instant of midnight starting a calendar day on the workflow's wall clock. */
function zonedMidnight(year: number, month: number, day: number): number {
	for (const offsetHours of [4, 5]) {
		const candidate = Date.UTC(year, month - 1, day, offsetHours);
		const [y, m, d] = zonedDate(candidate);
		const hour = new Intl.DateTimeFormat('en-GB', { timeZone: TIME_ZONE, hour: '2-digit', hourCycle: 'h23' }).format(candidate);
		if (y === year && m === month && d === day && hour === '00') return candidate;
	}
	throw new Error(`no midnight found for ${year}-${month}-${day}`);
}

describe('every example imports into n8n as it is', () => {
	it.each(exampleFiles)('%s', async (file) => {
		const workflow = readExample(file);
		const loaded = await loadPackageNodeTypes();

		expect(typeof workflow.name).toBe('string');
		const names = workflow.nodes.map((node) => node.name);
		expect(new Set(names).size).toBe(names.length);
		const ids = workflow.nodes.map((node) => node.id);
		expect(new Set(ids).size).toBe(ids.length);
		for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);

		for (const node of workflow.nodes) {
			expect([NODE_TYPE, TRIGGER_TYPE, ...BUILTIN_NODE_TYPES]).toContain(node.type);
			expect(node.position).toEqual([expect.any(Number), expect.any(Number)]);
			const nodeType = loaded.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
			const description = nodeType.description;
			expect(description.version === node.typeVersion || (Array.isArray(description.version) && description.version.includes(node.typeVersion))).toBe(true);
			if (node.type === NODE_TYPE || node.type === TRIGGER_TYPE) {
				expect(node.credentials).toEqual({ amazonPayApi: { id: expect.any(String), name: expect.any(String) } });
			}

			// What the editor would drop or flag: unknown or hidden parameters, unknown option
			// values, missing required values.
			expect(unknownParameters(node.parameters, description.properties, node, description)).toEqual([]);
			expect(NodeHelpers.getNodeParametersIssues(description.properties, node, description)).toBeNull();
		}

		for (const [source, outputs] of Object.entries(workflow.connections)) {
			expect(names).toContain(source);
			for (const connection of outputs.main?.flat() ?? []) expect(names).toContain(connection?.node);
		}
	});

	it('every example has a run below', () => {
		expect(exampleFiles).toEqual(Object.keys(RUN_TESTS).sort());
	});
});

function unknownParameters(
	parameters: INodeParameters,
	properties: INodeProperties[],
	node: Parameters<typeof NodeHelpers.displayParameter>[2],
	description: Parameters<typeof NodeHelpers.displayParameter>[3],
): string[] {
	const values = NodeHelpers.getNodeParameters(properties, parameters, true, false, node, description) ?? {};
	const unknown: string[] = [];
	for (const [name, value] of Object.entries(parameters)) {
		const property = properties.find(
			(candidate) => candidate.name === name && NodeHelpers.displayParameter(values, candidate, node, description),
		);
		if (!property) {
			unknown.push(name);
			continue;
		}
		const isExpression = typeof value === 'string' && value.startsWith('=');
		if (property.type === 'options' && !isExpression && !property.options?.some((option) => 'value' in option && option.value === value)) {
			unknown.push(`${name}=${String(value)}`);
		}
		if (property.type === 'multiOptions' && Array.isArray(value)) {
			for (const entry of value) {
				if (!property.options?.some((option) => 'value' in option && option.value === entry)) unknown.push(`${name}=${String(entry)}`);
			}
		}
		if (property.type === 'collection' && value && typeof value === 'object') {
			const optionNames = (property.options ?? []).map((option) => option.name);
			for (const key of Object.keys(value)) if (!optionNames.includes(key)) unknown.push(`${name}.${key}`);
		}
	}
	return unknown;
}

const RUN_TESTS: Record<string, () => Promise<void>> = {
	'create-report.json': async () => {
		const result = await run(readExample('create-report.json'));

		expect(result.status).toBe('success');
		const [created] = jsonOf(result, 'Create Report');
		const [report] = emulator.reports();
		expect(created.reportId).toBe(report.reportId);
		expect(jsonOf(result, 'Get Report')).toEqual([expect.objectContaining({ reportId: report.reportId, reportType: ORDER_REFERENCE, processingStatus: 'IN_PROGRESS' })]);
	},

	'create-report-and-wait-for-rows.json': async () => {
		const result = await run(readExample('create-report-and-wait-for-rows.json'));

		expect(result.status).toBe('success');
		const [report] = emulator.reports();
		const today = zonedMidnight(...zonedDate(Date.now()));
		const yesterday = zonedMidnight(...zonedDate(today - 12 * HOUR));
		expect(report).toMatchObject({ reportType: ORDER_REFERENCE, processingStatus: 'COMPLETED', startTime: compact(yesterday), endTime: compact(today) });
		const rows = jsonOf(result, 'Create Report and Wait');
		expect(rows).toHaveLength(20);
		expect(rows).toEqual(parseTable(await servedDocument(emulator, report.reportId)));
	},

	'list-last-month-disbursements.json': async () => {
		const [year, month] = zonedDate(Date.now());
		const [lastYear, lastMonth] = month === 1 ? [year - 1, 12] : [year, month - 1];
		const [olderYear, olderMonth] = lastMonth === 1 ? [lastYear - 1, 12] : [lastYear, lastMonth - 1];
		const lastMonthStart = zonedMidnight(lastYear, lastMonth, 1);
		const thisMonthStart = zonedMidnight(year, month, 1);
		emulator.seedDisbursements({ generate: 130, from: lastMonthStart, to: thisMonthStart - 1, seed: 5 });
		emulator.seedDisbursements({ generate: 20, from: zonedMidnight(olderYear, olderMonth, 1), to: lastMonthStart - 1, seed: 6 });
		emulator.seedDisbursements({ generate: 20, from: thisMonthStart, to: thisMonthStart + 5 * DAY, seed: 7 });

		const result = await run(readExample('list-last-month-disbursements.json'));

		expect(result.status).toBe('success');
		const expected = emulator.disbursements().filter((disbursement) => {
			const time = Date.parse(disbursement.transactionTime);
			return time >= lastMonthStart && time < thisMonthStart;
		});
		expect(expected).toHaveLength(130);
		expect(jsonOf(result, "Last Month's Disbursements")).toEqual(expected);
	},

	'schedule-daily-order-reference-report.json': async () => {
		const workflow = readExample('schedule-daily-order-reference-report.json');
		const tomorrow = zonedMidnight(...zonedDate(zonedMidnight(...zonedDate(Date.now())) + 36 * HOUR));

		const first = await run(workflow);
		const second = await run(workflow);

		expect(first.status).toBe('success');
		expect(second.status).toBe('success');
		// Run again, it replaces its schedule rather than failing or adding a second.
		const schedules = emulator.schedules();
		expect(schedules).toEqual([
			{ reportScheduleId: expect.any(String), reportType: ORDER_REFERENCE, scheduleFrequency: 'P1D', nextReportCreationTime: compact(tomorrow) },
		]);
		expect(jsonOf(second, 'Schedule Daily Report')).toEqual([expect.objectContaining({ reportScheduleId: schedules[0].reportScheduleId })]);

		// Two days on, Amazon has made the first two daily reports.
		emulator.advanceClock(tomorrow - Date.now() + DAY + HOUR);
		expect(emulator.reports().map((report) => [report.reportType, report.createdTime])).toEqual([
			[ORDER_REFERENCE, compact(tomorrow + DAY)],
			[ORDER_REFERENCE, compact(tomorrow)],
		]);
	},

	'settlement-report-to-rows.json': async () => {
		const workflow = readExample('settlement-report-to-rows.json');
		const poll = (staticData: IDataObject) => run(workflow, { mode: 'trigger', staticData });

		const activation = await poll({});
		expect(activation.started).toBe(false);
		const report = emulator.seedReport({ reportType: SANDBOX_SETTLEMENT, processingStatus: 'COMPLETED', documentRows: 15 });
		await new Promise((resolve) => setTimeout(resolve, 5));

		const result = await poll(activation.staticData);

		expect(result.status).toBe('success');
		expect(jsonOf(result, 'New Settlement Report')).toEqual([report]);
		const { facts, columns, rows } = parseSettlement(await servedDocument(emulator, report.reportId));
		const factFields = Object.fromEntries(
			Object.entries(facts).map(([name, value]) => [columns.includes(name) ? `Settlement_${name}` : name, value]),
		);
		expect(jsonOf(result, 'Settlement Rows')).toEqual(rows.map((row) => ({ ...row, ...factFields })));

		// Run by hand in the editor, the trigger hands on the newest settlement report.
		const manual = await run(workflow);
		expect(manual.status).toBe('success');
		expect(jsonOf(manual, 'Settlement Rows')).toHaveLength(15);
	},
};

describe('every example runs on the n8n engine against the emulator', () => {
	it.each(Object.keys(RUN_TESTS))('%s', async (file) => {
		await RUN_TESTS[file]();
	});
});
