// Runs a bench script in a fresh Node.js process (TypeScript through tsx) and waits for the one
// message it sends back. A fresh process per measurement keeps one measurement's heap, JIT state
// and peak memory out of the next.

import { fork } from 'node:child_process';
import { join } from 'node:path';

export const REPO_ROOT = join(__dirname, '..', '..');

/** Environment for bench children: loopback calls never go through a configured proxy. */
export function childEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
	return { ...process.env, NO_PROXY: '127.0.0.1,localhost', no_proxy: '127.0.0.1,localhost', ...extra };
}

export interface ChildOptions {
	args?: string[];
	/** The child is killed after this long and the promise rejects. */
	timeoutMs: number;
	/** Extra node flags, e.g. a heap limit. */
	nodeFlags?: string[];
}

export function runChild<T>(script: string, options: ChildOptions): Promise<T> {
	return new Promise<T>((resolve, reject) => {
		const child = fork(script, options.args ?? [], {
			cwd: REPO_ROOT,
			env: childEnv(),
			execArgv: ['--import', 'tsx', '--expose-gc', ...(options.nodeFlags ?? [])],
			stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
		});

		let answer: { value: T } | undefined;
		let failure: string | undefined;
		const timer = setTimeout(() => {
			failure = `timed out after ${Math.round(options.timeoutMs / 1000)} s`;
			child.kill('SIGKILL');
		}, options.timeoutMs);

		child.on('message', (message: { result?: T; error?: string }) => {
			if (message.error !== undefined) failure = message.error;
			else answer = { value: message.result as T };
		});
		child.on('exit', (code, signal) => {
			clearTimeout(timer);
			if (answer) return resolve(answer.value);
			reject(new Error(failure ?? `${script} ended (${signal ?? `code ${code}`}) without a result`));
		});
	});
}

/** The child's side: runs `main`, sends its result (or its error) to the parent, and exits. */
export function answerParent<T>(main: () => Promise<T>): void {
	main().then(
		(result) => {
			process.send?.({ result }, () => process.exit(0));
		},
		(error: unknown) => {
			const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
			process.send?.({ error: message }, () => process.exit(1));
		},
	);
}

/** Progress for the person watching; the tables go to stdout at the end. */
export function progress(text: string): void {
	process.stderr.write(`  ${text}\n`);
}
