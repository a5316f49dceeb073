import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem, type as osType, release } from 'node:os';
import { join } from 'node:path';

import { REPO_ROOT } from './child';

function packageVersion(name: string): string {
	try {
		const path = join(REPO_ROOT, 'node_modules', name, 'package.json');
		return (JSON.parse(readFileSync(path, 'utf8')) as { version: string }).version;
	} catch {
		return 'not installed';
	}
}

function gitCommit(): string {
	try {
		return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO_ROOT }).toString().trim();
	} catch {
		return 'unknown';
	}
}

export function describeLoad(): string {
	return `load average ${loadavg()
		.map((value) => value.toFixed(2))
		.join(', ')} (1, 5, 15 min) on ${cpus().length} cores`;
}

export function describeMachine(): string[] {
	const processors = cpus();
	return [
		`machine: ${processors[0]?.model ?? 'unknown CPU'}, ${processors.length} cores, ` +
			`${Math.round(totalmem() / 1024 ** 3)} GiB, ${osType()} ${release()}`,
		`Node.js ${process.versions.node}; n8n-core ${packageVersion('n8n-core')}, n8n-workflow ` +
			`${packageVersion('n8n-workflow')}; @amazonpay/amazon-pay-api-sdk-nodejs ` +
			`${packageVersion('@amazonpay/amazon-pay-api-sdk-nodejs')}, csv-parse ` +
			`${packageVersion('csv-parse')}, undici ${packageVersion('undici')}`,
		`package commit ${gitCommit()}; started ${new Date().toISOString()}`,
		`${describeLoad()} at start; the machine is shared, so other work competes for the cores`,
	];
}
