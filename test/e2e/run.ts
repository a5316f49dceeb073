// `npm run test:e2e`: this package in a real n8n, installed as users install it, against the
// Amazon Pay emulator. Per n8n release line: headless workflow runs, the HTTP Request node
// with this credential, the credential test through the REST API, and (2.x) the editor.
//
//   tsx test/e2e/run.ts [--lines=n8n-2,n8n-1] [--only=TEXT] [--no-server] [--no-editor] [--queue]
//                       [--keep]
// --only runs just the workflows whose file path contains TEXT; --keep keeps the user folders.
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { startEmulator } from '../emulator';
import { LINES, describeLine, type N8nLine } from './lines';
import { CheckList } from './lib/checks';
import { installIntoUserFolder, packRepository, type PackedPackage } from './lib/communityPackage';
import { credentialForImport, harnessCredentialData } from './lib/credential';
import { cacheRoot, ensureN8n } from './lib/install';
import { killAllChildren } from './lib/process';
import type { LineRun } from './lib/lineRun';
import { freePort, importJson, type N8nContext } from './lib/n8n';
import { runQueueChecks } from './scenarios/queue';
import { runServerChecks, triggerWorkflow } from './scenarios/server';
import { runWorkflowChecks } from './scenarios/workflows';

interface Options {
	lines: N8nLine[];
	only?: string;
	server: boolean;
	editor: boolean;
	queue: boolean;
	keep: boolean;
}

async function main(): Promise<number> {
	const options = parseOptions(process.argv.slice(2));
	const logDir = newLogDir();
	const workDir = mkdtempSync(join(tmpdir(), 'n8n-e2e-'));
	const checks = new CheckList();
	const started = Date.now();
	console.log(`n8n end-to-end checks; logs in ${logDir}, cache in ${cacheRoot()}`);

	try {
		const packed = await checks.check('npm pack of the built package', () =>
			packRepository(join(workDir, 'pack'), logDir),
		);
		if (!packed) return finish(checks, started);

		for (const line of options.lines) {
			await runLine(line, packed, options, checks, workDir, join(logDir, line.id));
		}
	} finally {
		if (options.keep) console.log(`kept ${workDir}`);
		else rmSync(workDir, { recursive: true, force: true });
	}
	return finish(checks, started);
}

async function runLine(
	line: N8nLine,
	packed: PackedPackage,
	options: Options,
	checks: CheckList,
	workDir: string,
	logDir: string,
): Promise<void> {
	console.log(`\n== n8n ${line.n8nVersion}`);
	const install = await checks.check(`[${line.id}] install n8n ${line.n8nVersion}`, () =>
		ensureN8n(line, logDir),
	);
	if (!install) return;
	const prefix = `[${describeLine(line, install.runtime.version)}]`;
	if (install.installMs > 0)
		console.log(`  (installed in ${Math.round(install.installMs / 1000)} s)`);

	const userFolder = join(workDir, `user-${line.id}`);
	mkdirSync(userFolder, { recursive: true });
	const context: N8nContext = {
		install,
		userFolder,
		logDir,
		runnersBrokerPort: await freePort(),
	};

	const installed = await checks.check(`${prefix} install the tarball into .n8n/nodes`, () =>
		installIntoUserFolder(packed, userFolder, install.runtime, logDir),
	);
	if (!installed) return;

	const emulator = await startEmulator({ processingDelayMs: 0 });
	try {
		const run: LineRun = {
			checks,
			prefix,
			context,
			emulator,
			credential: harnessCredentialData(emulator),
		};
		const credentialImported = await checks.check(`${prefix} import the credential`, async () => {
			await importJson(context, 'credentials', [credentialForImport(run.credential)]);
			return true;
		});
		if (!credentialImported) return;

		const trigger = options.server && !options.only ? triggerWorkflow() : undefined;
		await runWorkflowChecks(run, { only: options.only, alsoImport: trigger ? [trigger] : [] });
		if (!options.server) return;
		const editor = options.editor && line.id === 'n8n-2';
		if (options.editor && !editor) {
			checks.skip(`${prefix} editor`, 'checked on the current line (n8n 2.x) only');
		}
		const triggerRun = await runServerChecks(run, { editor, trigger });
		if (options.queue) await runQueueChecks(run, triggerRun);
	} finally {
		await emulator.close();
	}
}

function finish(checks: CheckList, started: number): number {
	console.log(`\ntook ${Math.round((Date.now() - started) / 1000)} s`);
	checks.printSummary();
	return checks.count('failed') > 0 ? 1 : 0;
}

function parseOptions(args: string[]): Options {
	const options: Options = { lines: LINES, server: true, editor: true, queue: false, keep: false };
	for (const arg of args) {
		if (arg === '--no-editor') options.editor = false;
		else if (arg === '--no-server') options.server = false;
		else if (arg.startsWith('--only=')) options.only = arg.slice('--only='.length);
		else if (arg === '--queue') options.queue = true;
		else if (arg === '--keep') options.keep = true;
		else if (arg.startsWith('--lines=')) {
			const wanted = arg.slice('--lines='.length).split(',');
			options.lines = LINES.filter((line) => wanted.includes(line.id));
			if (options.lines.length !== wanted.length) {
				throw new Error(
					`unknown line in ${arg}; known: ${LINES.map((line) => line.id).join(', ')}`,
				);
			}
		} else throw new Error(`unknown argument ${arg}`);
	}
	return options;
}

/** A fresh log folder per run under the cache; only the newest few runs are kept. */
function newLogDir(): string {
	const root = join(cacheRoot(), 'logs');
	mkdirSync(root, { recursive: true });
	const old = readdirSync(root).sort().slice(0, -4);
	for (const name of old) rmSync(join(root, name), { recursive: true, force: true });
	const dir = join(root, new Date().toISOString().replace(/[:.]/g, '-'));
	mkdirSync(dir, { recursive: true });
	return dir;
}

// Each n8n, worker and Redis runs in its own process group, which a signal to this process does
// not reach; without this a stopped run would leave them behind.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
	process.once(signal, () => {
		killAllChildren();
		process.exit(130);
	});
}

main().then(
	(code) => process.exit(code),
	(error: unknown) => {
		console.error(error);
		process.exit(1);
	},
);
