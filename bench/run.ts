// `npm run bench`: the four benchmark sections, each in a child process of its own, one after
// the other, each table printed as soon as its section ends, then the targets missed with why.
// Targets missed do not fail the run; a section that breaks or runs out of time does.
// `npm run bench -- --markdown docs/benchmarks.md` also writes the run to that file.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { runChild } from './lib/child';
import { describeLoad, describeMachine } from './lib/machine';
import { renderSection, type SectionResult, type TargetCheck } from './lib/table';

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

interface Miss extends TargetCheck {
	section: string;
}

async function main(): Promise<number> {
	const markdownPath = readOption('--markdown');
	const started = Date.now();
	const printed: string[] = [];
	const print = (text: string) => {
		console.log(text);
		printed.push(text);
	};
	print(['Amazon Pay Reports node: benchmarks', ...describeMachine()].join('\n'));

	let failures = 0;
	const misses: Miss[] = [];
	for (const section of SECTIONS) {
		process.stderr.write(`\n${section.title}...\n`);
		const sectionStarted = Date.now();
		let output: string;
		try {
			const result = await runChild<SectionResult>(join(__dirname, section.script), {
				timeoutMs: section.timeoutMs,
			});
			output = renderSection(result);
			for (const check of result.targets) {
				if (check.verdict === 'miss') misses.push({ section: section.title, ...check });
			}
		} catch (error) {
			failures++;
			output = `${section.title}: did not complete: ${(error as Error).message}`;
		}
		const seconds = Math.round((Date.now() - sectionStarted) / 1000);
		print(`\n${output}\n  (${seconds} s; ${describeLoad()} after it)`);
	}

	const minutes = ((Date.now() - started) / 60_000).toFixed(1);
	print(`\nAll sections: ${minutes} min.`);
	print(`\n${describeMisses(misses, failures)}`);

	if (markdownPath !== undefined) {
		writeFileSync(markdownPath, renderMarkdown(printed, misses, failures));
		process.stderr.write(`\nwritten to ${markdownPath}\n`);
	}
	return failures === 0 ? 0 : 1;
}

function describeMisses(misses: Miss[], failures: number): string {
	if (misses.length === 0) {
		return failures === 0 ? 'Every target met.' : 'No target missed among the sections that ran.';
	}
	return ['Targets missed:', ...misses.map((miss) => `- ${describeMiss(miss)}`)].join('\n');
}

function describeMiss(miss: Miss): string {
	const why = miss.whenMissed ?? 'No reason recorded for this target: investigate.';
	return `${miss.section}: ${miss.target} (measured ${miss.measured}). ${why}`;
}

function renderMarkdown(printed: string[], misses: Miss[], failures: number): string {
	const missed =
		misses.length === 0
			? [failures === 0 ? 'None: every target was met in this run.' : 'None among the sections that ran.']
			: misses.map((miss) => `- ${describeMiss(miss)}`);
	return [
		'# Benchmarks',
		'',
		'What users feel, measured beside what they would otherwise use. This file is one run of',
		'`npm run bench -- --markdown docs/benchmarks.md`, written by that command and not edited;',
		'`npm run bench` alone prints the same tables.',
		'',
		'## Targets missed in this run, with the reason and the next step',
		'',
		...missed,
		'',
		'## The run',
		'',
		'```text',
		...printed.join('\n').split('\n'),
		'```',
		'',
	].join('\n');
}

function readOption(name: string): string | undefined {
	const index = process.argv.indexOf(name);
	if (index === -1) return undefined;
	const value = process.argv[index + 1];
	if (value === undefined || value.startsWith('--')) throw new Error(`${name} needs a file path`);
	return value;
}

main().then(
	(code) => process.exit(code),
	(error: unknown) => {
		console.error(error);
		process.exit(1);
	},
);
