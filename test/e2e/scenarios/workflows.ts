// Workflows run headless with `n8n execute`: every example in examples/ that starts with a
// Manual Trigger, and n8n's own HTTP Request node using this package's credential.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

import type { Emulator, RequestLogEntry } from '../../emulator';
import { assert } from '../lib/checks';
import { REPO_ROOT } from '../lib/communityPackage';
import { describeCalls, expectVerifiedSignedCalls, type LineRun } from '../lib/lineRun';
import {
	executeWorkflow,
	importJson,
	nodeOutput,
	runErrorMessage,
	type ExecutionRun,
	type WorkflowRun,
} from '../lib/n8n';

const MANUAL_TRIGGER = 'n8n-nodes-base.manualTrigger';
const EMULATOR_URL_PLACEHOLDER = '__EMULATOR_URL__';
const DAY_MS = 24 * 3600_000;

export interface WorkflowFile {
	/** Where it came from, relative to the repository. */
	source: string;
	/**
	 * The id it is imported under, stable per file. At most 16 characters: n8n 1.x treats a longer
	 * id as invalid and then never saves the workflow's static data (a trigger's cursor).
	 */
	id: string;
	json: {
		name: string;
		nodes: Array<{ name: string; type: string; parameters: Record<string, unknown> }>;
		[key: string]: unknown;
	};
}

/** What to set up in the emulator before an example runs, and what to check after. */
interface ExampleExpectations {
	prepare?(emulator: Emulator): unknown;
	check(run: ExecutionRun, emulator: Emulator, prepared: unknown): void;
}

const EXAMPLES: Record<string, ExampleExpectations> = {
	'create-report.json': { check: checkCreateReport },
	'create-report-and-wait-for-rows.json': { check: checkRowsOfWaitedReport },
	'list-last-month-disbursements.json': {
		prepare: seedLastMonthDisbursements,
		check: checkLastMonthDisbursements,
	},
	'schedule-daily-order-reference-report.json': { check: checkDailySchedule },
};

/** Every examples/*.json that a Manual Trigger starts; the others need a server to run. */
export function manualExamples(): WorkflowFile[] {
	return allExamples().filter((file) =>
		file.json.nodes.some((node) => node.type === MANUAL_TRIGGER),
	);
}

export function allExamples(): WorkflowFile[] {
	const folder = join(REPO_ROOT, 'examples');
	return readdirSync(folder)
		.filter((name) => name.endsWith('.json'))
		.sort()
		.map((name) => readWorkflowFile(join(folder, name), 'ex'));
}

export function harnessWorkflow(fileName: string, emulator: Emulator): WorkflowFile {
	const file = readWorkflowFile(join(__dirname, '..', 'workflows', fileName), 'hr');
	const text = JSON.stringify(file.json).split(EMULATOR_URL_PLACEHOLDER).join(emulator.url);
	return { ...file, json: JSON.parse(text) };
}

/** Imports `workflows` (inactive) in one `n8n import:workflow`. */
export async function importWorkflows(run: LineRun, workflows: WorkflowFile[]): Promise<void> {
	await importJson(
		run.context,
		'workflow',
		workflows.map((file) => ({ ...file.json, id: file.id, active: false })),
	);
}

export async function runWorkflowChecks(
	run: LineRun,
	options: { only?: string; alsoImport: WorkflowFile[] },
): Promise<void> {
	const { checks, prefix, emulator } = run;
	const selected = (file: WorkflowFile) => !options.only || file.source.includes(options.only);
	const examples = manualExamples().filter(selected);
	const getReports = harnessWorkflow('http-request-get-reports.json', emulator);
	const createReport = harnessWorkflow('http-request-create-report.json', emulator);
	const headless = [...examples, getReports, createReport].filter(selected);
	const all = [...headless, ...options.alsoImport];
	if (all.length === 0) return;

	const imported = await checks.check(`${prefix} import ${all.length} workflows`, async () => {
		await importWorkflows(run, all);
		return true;
	});
	if (!imported) return;

	for (const example of examples) {
		const expectations = EXAMPLES[basename(example.source)];
		await checks.check(`${prefix} ${example.source} runs to success`, async () => {
			const prepared = expectations?.prepare?.(emulator);
			const requestsBefore = emulator.requests().length;
			const result = await executeWorkflow(run.context, example.id);
			const calls = emulator.requests().slice(requestsBefore);
			expectSuccess(result, calls);
			expectVerifiedSignedCalls(calls, example.source);
			expectations?.check(result.run!, emulator, prepared);
		});
	}

	if (selected(getReports)) {
		await checks.check(
			`${prefix} HTTP Request node GETs /v2/reports with the credential`,
			async () => {
				const requestsBefore = emulator.requests().length;
				const result = await executeWorkflow(run.context, getReports.id);
				const calls = emulator.requests().slice(requestsBefore);
				expectSuccess(result, calls);
				expectVerifiedSignedCalls(calls, 'HTTP Request node');
				assert(
					calls.some((call) => call.path.startsWith('/v2/reports?pageSize=5')),
					`the emulator saw no GET /v2/reports?pageSize=5:\n${describeCalls(calls)}`,
				);
				for (const nodeName of ['Query in URL', 'Query Parameters']) {
					const [page] = nodeOutput(result.run!, nodeName);
					assert(
						page && Array.isArray(page.reports),
						`${nodeName}: expected Amazon's {reports: [...]} page, got ${JSON.stringify(page)}`,
					);
				}
			},
		);
	}

	if (selected(createReport)) {
		await checks.check(`${prefix} HTTP Request node POSTs a JSON body to /v2/reports`, async () => {
			const requestsBefore = emulator.requests().length;
			const result = await executeWorkflow(run.context, createReport.id);
			const calls = emulator.requests().slice(requestsBefore);
			expectSuccess(result, calls);
			expectVerifiedSignedCalls(calls, 'HTTP Request node');
			const [created] = nodeOutput(result.run!, 'Create Report');
			const reportId = created?.reportId;
			assert(typeof reportId === 'string', `no reportId in ${JSON.stringify(created)}`);
			assert(
				emulator.reports().some((report) => report.reportId === reportId),
				`the emulator has no report ${reportId}`,
			);
		});
	}
}

function checkCreateReport(run: ExecutionRun, emulator: Emulator): void {
	const [created] = nodeOutput(run, 'Create Report');
	const reportId = created?.reportId;
	assert(
		typeof reportId === 'string',
		`Create Report put out no reportId: ${JSON.stringify(created)}`,
	);
	assert(
		emulator.reports().some((report) => report.reportId === reportId),
		`the emulator holds no report ${reportId}`,
	);

	const [fetched] = nodeOutput(run, 'Get Report');
	assert(
		fetched?.reportId === reportId,
		`Get Report returned ${JSON.stringify(fetched)}, not report ${reportId}`,
	);
}

function checkRowsOfWaitedReport(run: ExecutionRun): void {
	const rows = nodeOutput(run, 'Create Report and Wait');
	assert(rows.length > 0, 'Create Report and Wait put out no rows');
	const [first] = rows;
	assert(
		Object.keys(first).length > 1,
		`the first row has no columns of the report: ${JSON.stringify(first)}`,
	);
}

/** Five disbursements well inside last month, whatever the workflow's time zone. */
function seedLastMonthDisbursements(emulator: Emulator): string[] {
	const now = new Date();
	const thisMonth = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
	const lastMonth = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1);
	const seeded = emulator.seedDisbursements({
		generate: 5,
		from: lastMonth + 2 * DAY_MS,
		to: thisMonth - 2 * DAY_MS,
		seed: 7,
	});
	return seeded.map((disbursement) => disbursement.amazonDisbursementReferenceId);
}

function checkLastMonthDisbursements(run: ExecutionRun, _emulator: Emulator, prepared: unknown) {
	const seededIds = prepared as string[];
	const listed = nodeOutput(run, "Last Month's Disbursements").map(
		(item) => item.amazonDisbursementReferenceId,
	);
	const missing = seededIds.filter((id) => !listed.includes(id));
	assert(
		missing.length === 0,
		`listed ${listed.length} disbursements; missing the seeded ${missing.join(', ')}`,
	);
}

function checkDailySchedule(run: ExecutionRun, emulator: Emulator): void {
	const [schedule] = nodeOutput(run, 'Schedule Daily Report');
	const scheduleId = schedule?.reportScheduleId;
	assert(
		typeof scheduleId === 'string',
		`Schedule Daily Report put out no reportScheduleId: ${JSON.stringify(schedule)}`,
	);
	assert(
		emulator.schedules().some((candidate) => candidate.reportScheduleId === scheduleId),
		`the emulator holds no schedule ${scheduleId}`,
	);
}

/** The run succeeded and no node failed; otherwise an error naming what the emulator saw. */
function expectSuccess(run: WorkflowRun, calls: RequestLogEntry[]): void {
	if (run.status !== 'success') {
		throw new Error(
			`status ${run.status} (exit code ${run.exitCode}): ${runErrorMessage(run)}\n` +
				`emulator calls during the run:\n${describeCalls(calls)}`,
		);
	}
	for (const [nodeName, nodeRuns] of Object.entries(run.run!.data.resultData.runData)) {
		const error = nodeRuns.find((nodeRun) => nodeRun.error)?.error;
		assert(!error, `node "${nodeName}" failed: ${error?.message}`);
	}
}

export function readWorkflowFile(path: string, idPrefix: string): WorkflowFile {
	const source = path.slice(REPO_ROOT.length + 1);
	const id = `e2e${idPrefix}${createHash('sha256').update(source).digest('hex').slice(0, 11)}`;
	return { source, id, json: JSON.parse(readFileSync(path, 'utf8')) };
}
