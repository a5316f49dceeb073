// The package as a user gets it: the tarball `npm pack` makes, installed into n8n's nodes folder
// the way the Community Nodes screen does it (see installIntoUserFolder).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { Runtime } from './install';
import { envWithRuntime } from './install';
import { runChecked } from './process';

export const REPO_ROOT = join(__dirname, '..', '..', '..');

export interface PackedPackage {
	name: string;
	version: string;
	tarball: string;
	/** The files in the tarball, relative to its root. */
	files: string[];
}

/** `npm pack` of the repository; dist/ must have been built before. */
export async function packRepository(destination: string, logDir: string): Promise<PackedPackage> {
	const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));
	for (const entry of [...manifest.n8n.credentials, ...manifest.n8n.nodes] as string[]) {
		if (!existsSync(join(REPO_ROOT, entry))) {
			throw new Error(
				`${entry} is listed in package.json but missing: run \`npm run build\` first`,
			);
		}
	}

	mkdirSync(destination, { recursive: true });
	const { stdout } = await runChecked(
		'npm',
		['pack', '--json', '--ignore-scripts', '--pack-destination', destination],
		{
			cwd: REPO_ROOT,
			env: process.env,
			logFile: join(logDir, 'npm-pack.log'),
			timeoutMs: 120_000,
			label: 'npm pack',
		},
	);
	const [packed] = JSON.parse(stdout) as Array<{
		filename: string;
		files: Array<{ path: string }>;
	}>;
	return {
		name: manifest.name,
		version: manifest.version,
		tarball: join(destination, packed.filename),
		files: packed.files.map((file) => file.path),
	};
}

/**
 * n8n 2.41's community package install, step by step: unpack into
 * .n8n/nodes/node_modules/<name>, drop devDependencies, peerDependencies and
 * optionalDependencies from its package.json, `npm install` there with scripts off and no
 * lockfile, then list the package in .n8n/nodes/package.json.
 */
export async function installIntoUserFolder(
	pkg: PackedPackage,
	userFolder: string,
	runtime: Runtime,
	logDir: string,
): Promise<string> {
	const nodesFolder = join(userFolder, '.n8n', 'nodes');
	const packageFolder = join(nodesFolder, 'node_modules', pkg.name);
	mkdirSync(packageFolder, { recursive: true });
	execFileSync('tar', ['-xzf', pkg.tarball, '-C', packageFolder, '--strip-components=1']);

	const manifestPath = join(packageFolder, 'package.json');
	const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
	for (const field of ['devDependencies', 'peerDependencies', 'optionalDependencies']) {
		delete manifest[field];
	}
	writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));

	await runChecked(
		'npm',
		[
			'install',
			'--audit=false',
			'--fund=false',
			'--bin-links=false',
			'--install-strategy=shallow',
			'--ignore-scripts=true',
			'--package-lock=false',
		],
		{
			cwd: packageFolder,
			env: envWithRuntime(runtime),
			logFile: join(logDir, 'community-package-install.log'),
			timeoutMs: 300_000,
			label: `npm install of ${pkg.name} in the nodes folder`,
		},
	);

	const nodesManifest = {
		name: 'installed-nodes',
		private: true,
		dependencies: { [pkg.name]: pkg.version },
	};
	writeFileSync(join(nodesFolder, 'package.json'), JSON.stringify(nodesManifest, null, 2));
	return packageFolder;
}
