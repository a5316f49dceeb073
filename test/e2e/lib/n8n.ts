// Driving one n8n install: its environment, the CLI commands the harness uses, and `n8n start`.
import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

import type { N8nInstall } from './install';
import { envWithRuntime } from './install';
import { lastLines, runCommand, startProcess, stopProcess, type CommandResult } from './process';

/** A throwaway key for throwaway user folders; n8n stores it there on first start. */
const ENCRYPTION_KEY = 'n8n-nodes-amazon-pay-reports-e2e-only';

export interface N8nContext {
	install: N8nInstall;
	userFolder: string;
	logDir: string;
	/** The task runner broker's port; each n8n process needs its own while others run. */
	runnersBrokerPort: number;
}

export function n8nEnv(context: N8nContext, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
	return envWithRuntime(context.install.runtime, {
		// HOME too: a task-runner child would otherwise write into the real home folder.
		HOME: context.userFolder,
		N8N_USER_FOLDER: context.userFolder,
		N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_SECURE_COOKIE: 'false',
		N8N_RUNNERS_BROKER_PORT: String(context.runnersBrokerPort),
		// The emulator and n8n itself are on loopback; a proxy from the environment must not
		// catch those requests.
		NO_PROXY: '127.0.0.1,localhost,::1',
		no_proxy: '127.0.0.1,localhost,::1',
		...context.install.line.runtimeEnv,
		...extra,
	});
}

/** Runs `n8n <args>`; the caller judges the result (exit codes alone can mislead). */
export async function n8nCommand(
	context: N8nContext,
	args: string[],
	options: { label: string; timeoutMs?: number; env?: NodeJS.ProcessEnv },
): Promise<CommandResult> {
	return runCommand(context.install.runtime.nodeBinary, [context.install.n8nBin, ...args], {
		cwd: context.userFolder,
		env: n8nEnv(context, options.env),
		logFile: join(context.logDir, 'n8n-cli.log'),
		timeoutMs: options.timeoutMs ?? 180_000,
		label: options.label,
	});
}

export async function n8nCommandChecked(
	context: N8nContext,
	args: string[],
	options: { label: string; timeoutMs?: number },
): Promise<CommandResult> {
	const result = await n8nCommand(context, args, options);
	if (result.exitCode !== 0) {
		throw new Error(
			`${options.label} exited with ${result.exitCode ?? result.signal}\n` +
				lastLines(result.stdout + result.stderr, 20),
		);
	}
	return result;
}

/** Imports entities from a JSON file written into the user folder for the purpose. */
export async function importJson(
	context: N8nContext,
	kind: 'credentials' | 'workflow',
	entities: unknown[],
): Promise<void> {
	const file = join(context.userFolder, `import-${kind}.json`);
	writeFileSync(file, JSON.stringify(entities), { mode: 0o600 });
	await n8nCommandChecked(context, [`import:${kind}`, `--input=${file}`], {
		label: `n8n import:${kind}`,
	});
}

export interface WorkflowRun {
	status: string;
	/** The process exit code, kept for the report; status is what counts. */
	exitCode: number | null;
	/** The run as n8n printed it, or undefined when no run JSON came out. */
	run?: ExecutionRun;
	output: string;
}

export interface ExecutionRun {
	status?: string;
	finished?: boolean;
	data: {
		resultData: {
			error?: { message?: string; description?: string };
			runData: Record<string, Array<NodeRun>>;
		};
	};
}

interface NodeRun {
	error?: { message?: string; description?: string };
	data?: { main: Array<Array<{ json: Record<string, unknown> }> | null> };
}

/**
 * `n8n execute --id=<id> --rawOutput`. n8n prints log lines and then the run as JSON. A rare
 * crash at process exit (exit code 139) can follow a finished run, so the run's own status is
 * what decides.
 */
export async function executeWorkflow(
	context: N8nContext,
	workflowId: string,
): Promise<WorkflowRun> {
	const result = await n8nCommand(context, ['execute', `--id=${workflowId}`, '--rawOutput'], {
		label: `n8n execute --id=${workflowId}`,
	});
	const run = parseRunJson(result.stdout);
	const status = run ? (run.status ?? (run.finished ? 'success' : 'error')) : 'no-output';
	return { status, exitCode: result.exitCode, run, output: result.stdout + result.stderr };
}

/**
 * The printed run is pretty-printed JSON: it starts at a line that is exactly '{' and ends at a
 * line that is exactly '}'. Log lines can come before it and after it (a task runner that
 * registers late), so every such pair is tried, the widest first.
 */
function parseRunJson(stdout: string): ExecutionRun | undefined {
	const lines = stdout.split('\n').map((line) => line.trimEnd());
	const starts = lines.flatMap((line, index) => (line === '{' ? [index] : []));
	const ends = lines.flatMap((line, index) => (line === '}' ? [index] : [])).reverse();
	for (const start of starts) {
		for (const end of ends) {
			if (end <= start) break;
			try {
				const parsed = JSON.parse(lines.slice(start, end + 1).join('\n'));
				if (parsed?.data?.resultData) return parsed as ExecutionRun;
			} catch {
				// Not the run: a log line that happens to be a lone brace.
			}
		}
	}
	return undefined;
}

/** The items a node put out on its first output in its first run. */
export function nodeOutput(run: ExecutionRun, nodeName: string): Array<Record<string, unknown>> {
	const items = run.data.resultData.runData[nodeName]?.[0]?.data?.main?.[0] ?? [];
	return items.map((item) => item.json);
}

export function runErrorMessage(run: WorkflowRun): string {
	const error = run.run?.data.resultData.error;
	if (error) return [error.message, error.description].filter(Boolean).join(': ');
	// No run JSON: n8n printed an error report instead; its stack frames say little here.
	const report = run.output.split('\n').filter((line) => !/^\s+at /.test(line));
	return lastLines(report.join('\n'), 12);
}

export interface N8nServer {
	url: string;
	process: ChildProcess;
	stop(): Promise<void>;
}

/** `n8n start` on 127.0.0.1 at a free port; resolves once it is ready and its REST API answers. */
export async function startN8nServer(
	context: N8nContext,
	extraEnv: NodeJS.ProcessEnv = {},
	logName = 'n8n-start.log',
): Promise<N8nServer> {
	const port = await freePort();
	const url = `http://127.0.0.1:${port}`;
	const child = startProcess(
		context.install.runtime.nodeBinary,
		[context.install.n8nBin, 'start'],
		{
			cwd: context.userFolder,
			env: n8nEnv(context, {
				N8N_PORT: String(port),
				N8N_LISTEN_ADDRESS: '127.0.0.1',
				N8N_HOST: '127.0.0.1',
				N8N_EDITOR_BASE_URL: url,
				WEBHOOK_URL: `${url}/`,
				...extraEnv,
			}),
			logFile: join(context.logDir, logName),
			label: 'n8n start',
		},
	);
	const server = { url, process: child, stop: () => stopProcess(child) };

	const deadline = Date.now() + 180_000;
	while (Date.now() < deadline) {
		if (child.exitCode !== null) {
			throw new Error(
				`n8n start exited with ${child.exitCode} (log: ${join(context.logDir, logName)})`,
			);
		}
		// n8n 1.x reports ready before its REST routes are mounted; the public settings call
		// answers once they are.
		if ((await answers(`${url}/healthz/readiness`)) && (await answers(`${url}/rest/settings`))) {
			return server;
		}
		await new Promise((resolve) => setTimeout(resolve, 1000));
	}
	await server.stop();
	throw new Error(`n8n start was not ready within 180 s (log: ${join(context.logDir, logName)})`);
}

async function answers(url: string): Promise<boolean> {
	try {
		const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
		return response.status === 200;
	} catch {
		return false;
	}
}

/** `n8n worker` for queue mode; resolves once it says it is ready to take jobs. */
export async function startN8nWorker(
	context: N8nContext,
	extraEnv: NodeJS.ProcessEnv,
	logName = 'n8n-worker.log',
): Promise<N8nServer> {
	const logFile = join(context.logDir, logName);
	const child = startProcess(
		context.install.runtime.nodeBinary,
		[context.install.n8nBin, 'worker', '--concurrency=2'],
		{ cwd: context.userFolder, env: n8nEnv(context, extraEnv), logFile, label: 'n8n worker' },
	);
	const worker = { url: '', process: child, stop: () => stopProcess(child) };

	const deadline = Date.now() + 180_000;
	while (Date.now() < deadline) {
		if (child.exitCode !== null) {
			throw new Error(`n8n worker exited with ${child.exitCode} (log: ${logFile})`);
		}
		if (readLog(logFile).includes('n8n worker is now ready')) return worker;
		await new Promise((resolve) => setTimeout(resolve, 1000));
	}
	await worker.stop();
	throw new Error(`n8n worker was not ready within 180 s (log: ${logFile})`);
}

export function readLog(logFile: string): string {
	return existsSync(logFile) ? readFileSync(logFile, 'utf8') : '';
}

/** A port that was free a moment ago on 127.0.0.1. */
export async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => resolve(port));
		});
	});
}
