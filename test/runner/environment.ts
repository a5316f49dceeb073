import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// n8n-core's services read their settings from the environment when they are first built, so
// this module must be imported before anything asks n8n-core's container for a service.

const FOLDER_PREFIX = 'n8n-runner-';

function isRunning(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

// Jest does not run a test file's exit handlers, so folders of finished processes are swept
// here, by the process id in their name.
function removeFoldersOfFinishedProcesses() {
	for (const name of readdirSync(tmpdir())) {
		const pid = Number(/^n8n-runner-(\d+)-/.exec(name)?.[1]);
		if (pid > 0 && pid !== process.pid && !isRunning(pid)) {
			rmSync(join(tmpdir(), name), { recursive: true, force: true });
		}
	}
}

removeFoldersOfFinishedProcesses();

/**
 * This process's own n8n user folder: n8n's settings file with its encryption key, and binary
 * data. One per process, since parallel test workers number their executions alike.
 */
export const runnerUserFolder = mkdtempSync(join(tmpdir(), `${FOLDER_PREFIX}${process.pid}-`));

process.env.N8N_USER_FOLDER = runnerUserFolder;

process.on('exit', () => {
	rmSync(runnerUserFolder, { recursive: true, force: true });
});
