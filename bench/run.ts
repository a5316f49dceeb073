// `npm run bench`: the four benchmark sections, each in a child process of its own, one after
// the other, each table printed as soon as its section ends. Targets missed do not fail the run;
// a section that breaks or runs out of time does.

import { join } from 'node:path';

import { runChild } from './lib/child';
import { describeLoad, describeMachine } from './lib/machine';
import { renderSection, type SectionResult } from './lib/table';

interface Section {
	script: string;
	title: string;
	/** Together within the 15 minutes a whole run may take. */
	timeoutMs: number;
}

const SECTIONS: Section[] = [
	{ script: 'signing.ts', title: '1. Signing', timeoutMs: 2 * 60_000 },
	{ script: 'perCall.ts', title: '2. Per-call overhead', timeoutMs: 4 * 60_000 },
	{ script: 'documents.ts', title: '3. Big documents', timeoutMs: 7 * 60_000 },
	{ script: 'waiting.ts', title: '4. Waiting', timeoutMs: 2 * 60_000 },
];

async function main(): Promise<number> {
	const started = Date.now();
	console.log(['Amazon Pay Reports node: benchmarks', ...describeMachine()].join('\n'));

	let failures = 0;
	for (const section of SECTIONS) {
		process.stderr.write(`\n${section.title}...\n`);
		const sectionStarted = Date.now();
		let output: string;
		try {
			const result = await runChild<SectionResult>(join(__dirname, section.script), {
				timeoutMs: section.timeoutMs,
			});
			output = renderSection(result);
		} catch (error) {
			failures++;
			output = `${section.title}: did not complete: ${(error as Error).message}`;
		}
		const seconds = Math.round((Date.now() - sectionStarted) / 1000);
		console.log(`\n${output}\n  (${seconds} s; ${describeLoad()} after it)`);
	}

	const minutes = ((Date.now() - started) / 60_000).toFixed(1);
	console.log(`\nAll sections: ${minutes} min.`);
	return failures === 0 ? 0 : 1;
}

main().then(
	(code) => process.exit(code),
	(error: unknown) => {
		console.error(error);
		process.exit(1);
	},
);
