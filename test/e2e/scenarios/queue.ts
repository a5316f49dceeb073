// Queue mode: a local Redis, `n8n start` as the main and one `n8n worker`, both on the same user
// folder. The trigger example is active: the main polls (it polls once at activation), the worker
// runs the execution, and the trigger's cursor, kept in the workflow's static data, carries over
// from the earlier regular-mode run so only the new settlement report starts the workflow.
import { existsSync, mkdirSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';

import { assert } from '../lib/checks';
import type { LineRun } from '../lib/lineRun';
import { freePort, readLog, startN8nServer, startN8nWorker, type N8nServer } from '../lib/n8n';
import { startProcess, stopProcess } from '../lib/process';
import { N8nRestClient } from '../lib/rest';
import type { WorkflowFile } from './workflows';

const REDIS_SERVER = process.env.REDIS_SERVER_PATH ?? '/usr/bin/redis-server';
const SANDBOX_SETTLEMENT = '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_SANDBOX_SETTLEMENT_DATA_';
const EXECUTION_WAIT_MS = 90_000;

/** What the regular-mode run of the trigger example left behind. */
export interface EarlierTriggerRun {
	workflow: WorkflowFile;
	/** The settlement report it handed on. */
	reportId: string;
	/** Its executions so far. */
	executionIds: string[];
}

export async function runQueueChecks(run: LineRun, earlier: EarlierTriggerRun | undefined) {
	const { checks, prefix, context, emulator } = run;
	const name = `${prefix} queue mode: the worker runs the trigger example`;
	if (!existsSync(REDIS_SERVER)) {
		checks.skip(name, `no Redis at ${REDIS_SERVER} (apt-get install redis-server)`);
		return;
	}
	if (!earlier) {
		checks.skip(name, 'needs the trigger example active from the server checks');
		return;
	}

	const redisPort = await freePort();
	const redisDir = join(context.userFolder, 'redis');
	mkdirSync(redisDir, { recursive: true });
	const redis = startProcess(
		REDIS_SERVER,
		['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
		{ cwd: redisDir, env: process.env, logFile: join(context.logDir, 'redis.log'), label: 'redis' },
	);
	const processes: N8nServer[] = [];
	try {
		await checks.check(name, async () => {
			await waitForPort(redisPort);
			const queueEnv = {
				EXECUTIONS_MODE: 'queue',
				QUEUE_BULL_REDIS_HOST: '127.0.0.1',
				QUEUE_BULL_REDIS_PORT: String(redisPort),
				QUEUE_HEALTH_CHECK_ACTIVE: 'false',
			};
			const newReport = emulator.seedReport({
				reportType: SANDBOX_SETTLEMENT,
				processingStatus: 'COMPLETED',
				createdTime: Date.now() - 60_000,
				documentRows: 5,
			});
			const callsBefore = emulator.requests().length;

			// The worker first, so the job the main enqueues on activation finds it waiting.
			processes.push(
				await startN8nWorker(context, {
					...queueEnv,
					N8N_RUNNERS_BROKER_PORT: String(await freePort()),
					QUEUE_HEALTH_CHECK_PORT: String(await freePort()),
				}),
			);
			const main = await startN8nServer(context, queueEnv, 'n8n-start-queue.log');
			processes.push(main);

			const client = new N8nRestClient(main.url);
			await client.signInAsOwner();
			const executionId = await waitForNewExecution(client, earlier);
			const workerLog = readLog(join(context.logDir, 'n8n-worker.log'));
			assert(
				workerLog.includes(`Worker finished execution ${executionId} `),
				`the worker's log does not show execution ${executionId}`,
			);

			const fetched = (reportId: string) => {
				const report = emulator.reports().find((candidate) => candidate.reportId === reportId);
				return emulator
					.requests()
					.slice(callsBefore)
					.some((call) => !!report && call.path.includes(report.reportDocumentId ?? '?'));
			};
			assert(fetched(newReport.reportId), 'the new settlement report was not handed on');
			assert(
				!fetched(earlier.reportId),
				'the report handed on in regular mode was handed on again: the cursor did not persist',
			);
		});
	} finally {
		for (const process of processes.reverse()) await process.stop();
		await stopProcess(redis);
	}
}

/** The id of the trigger's first execution after the earlier ones, once it has succeeded. */
async function waitForNewExecution(
	client: N8nRestClient,
	earlier: EarlierTriggerRun,
): Promise<string> {
	const deadline = Date.now() + EXECUTION_WAIT_MS;
	while (Date.now() < deadline) {
		const executions = await client.executions(earlier.workflow.id);
		const fresh = executions.filter((execution) => !earlier.executionIds.includes(execution.id));
		const ended = fresh.find(
			(execution) => !['new', 'running', 'waiting'].includes(execution.status),
		);
		if (ended) {
			assert(ended.status === 'success', `execution ${ended.id} ended ${ended.status}`);
			return ended.id;
		}
		await new Promise((resolve) => setTimeout(resolve, 1000));
	}
	throw new Error(`no new execution of the trigger example within ${EXECUTION_WAIT_MS / 1000} s`);
}

async function waitForPort(port: number): Promise<void> {
	const deadline = Date.now() + 20_000;
	while (Date.now() < deadline) {
		const open = await new Promise<boolean>((resolve) => {
			const socket = createConnection({ host: '127.0.0.1', port });
			socket.once('connect', () => {
				socket.end();
				resolve(true);
			});
			socket.once('error', () => resolve(false));
		});
		if (open) return;
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
	throw new Error(`Redis did not listen on 127.0.0.1:${port} within 20 s`);
}
