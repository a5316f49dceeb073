// Child processes for the harness: every command has a deadline, and its output goes to a log
// file so that a failure can be read afterwards without flooding the console.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export interface CommandOptions {
	cwd: string;
	env: NodeJS.ProcessEnv;
	/** Where stdout and stderr are appended, with a header line naming the command. */
	logFile: string;
	timeoutMs: number;
	/** A short name for messages; the command line itself may be long. */
	label: string;
}

export interface CommandResult {
	exitCode: number | null;
	signal: NodeJS.Signals | null;
	stdout: string;
	stderr: string;
	durationMs: number;
}

/** Runs a command to its end, or kills its process group at the deadline and fails. */
export async function runCommand(
	command: string,
	args: string[],
	options: CommandOptions,
): Promise<CommandResult> {
	const started = Date.now();
	const child = spawnLogged(command, args, options);

	let stdout = '';
	let stderr = '';
	child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
	child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));

	let timedOut = false;
	const deadline = setTimeout(() => {
		timedOut = true;
		killGroup(child, 'SIGKILL');
	}, options.timeoutMs);

	const [exitCode, signal] = await new Promise<[number | null, NodeJS.Signals | null]>(
		(resolve, reject) => {
			child.once('error', reject);
			child.once('close', (code, closeSignal) => resolve([code, closeSignal]));
		},
	).finally(() => clearTimeout(deadline));

	if (timedOut) {
		throw new Error(
			`${options.label} did not finish within ${Math.round(options.timeoutMs / 1000)} s ` +
				`(log: ${options.logFile})`,
		);
	}
	return { exitCode, signal, stdout, stderr, durationMs: Date.now() - started };
}

/** Like runCommand, but a non-zero exit is an error that points at the log. */
export async function runChecked(
	command: string,
	args: string[],
	options: CommandOptions,
): Promise<CommandResult> {
	const result = await runCommand(command, args, options);
	if (result.exitCode !== 0) {
		const tail = lastLines(result.stderr || result.stdout, 15);
		throw new Error(
			`${options.label} exited with ${result.exitCode ?? result.signal} ` +
				`(log: ${options.logFile})\n${tail}`,
		);
	}
	return result;
}

/** Starts a long-running process in its own process group; stop it with stopProcess. */
export function startProcess(
	command: string,
	args: string[],
	options: Omit<CommandOptions, 'timeoutMs'>,
): ChildProcess {
	return spawnLogged(command, args, options);
}

/** SIGTERM to the whole group, then SIGKILL if it is still there after graceMs. */
export async function stopProcess(child: ChildProcess, graceMs = 10_000): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return;

	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	killGroup(child, 'SIGTERM');
	const killTimer = setTimeout(() => killGroup(child, 'SIGKILL'), graceMs);
	await exited;
	clearTimeout(killTimer);
}

export function lastLines(text: string, count: number): string {
	return text.trimEnd().split('\n').slice(-count).join('\n');
}

function spawnLogged(
	command: string,
	args: string[],
	options: Omit<CommandOptions, 'timeoutMs'>,
): ChildProcess {
	mkdirSync(dirname(options.logFile), { recursive: true });
	const log = createWriteStream(options.logFile, { flags: 'a' });
	log.write(`\n===== ${new Date().toISOString()} ${options.label}: ${command} ${args.join(' ')}\n`);

	// detached puts the child in its own process group, so a kill reaches its grandchildren
	// (n8n's task runner, npm's node-gyp) too.
	const child = spawn(command, args, {
		cwd: options.cwd,
		env: options.env,
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: true,
	});
	child.stdout?.pipe(log, { end: false });
	child.stderr?.pipe(log, { end: false });
	liveChildren.add(child);
	child.once('close', () => {
		liveChildren.delete(child);
		log.end();
	});
	return child;
}

const liveChildren = new Set<ChildProcess>();

/** Kills every process group still running, for a harness that is itself being stopped. */
export function killAllChildren(): void {
	for (const child of liveChildren) killGroup(child, 'SIGKILL');
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
	if (child.pid === undefined) return;
	try {
		process.kill(-child.pid, signal);
	} catch {
		// The group is already gone.
	}
}
