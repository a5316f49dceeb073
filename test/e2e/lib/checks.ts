// A small check list: each check runs once, prints one line, and the run ends with the plain
// 'N passed, N failed' line that CI reads.

export type Outcome = 'passed' | 'failed' | 'skipped';

export interface CheckResult {
	name: string;
	outcome: Outcome;
	durationMs: number;
	detail?: string;
}

export class CheckList {
	readonly results: CheckResult[] = [];

	/** Runs one check; a thrown error fails it (and only it). Returns what fn returned. */
	async check<T>(name: string, fn: () => Promise<T>): Promise<T | undefined> {
		const started = Date.now();
		try {
			const value = await fn();
			this.record({ name, outcome: 'passed', durationMs: Date.now() - started });
			return value;
		} catch (error) {
			const detail = error instanceof Error ? error.message : String(error);
			this.record({ name, outcome: 'failed', durationMs: Date.now() - started, detail });
			return undefined;
		}
	}

	skip(name: string, reason: string): void {
		this.record({ name, outcome: 'skipped', durationMs: 0, detail: reason });
	}

	count(outcome: Outcome): number {
		return this.results.filter((result) => result.outcome === outcome).length;
	}

	printSummary(): void {
		const failed = this.results.filter((result) => result.outcome === 'failed');
		if (failed.length > 0) {
			console.log('\nFailed checks:');
			for (const result of failed)
				console.log(`  - ${result.name}\n${indent(result.detail ?? '')}`);
		}
		const skipped = this.count('skipped');
		console.log(
			`\ne2e: ${this.count('passed')} passed, ${this.count('failed')} failed` +
				(skipped > 0 ? `, ${skipped} skipped` : ''),
		);
	}

	private record(result: CheckResult): void {
		this.results.push(result);
		const seconds = (result.durationMs / 1000).toFixed(1);
		if (result.outcome === 'passed') console.log(`  ok    ${result.name} (${seconds} s)`);
		if (result.outcome === 'skipped') console.log(`  skip  ${result.name}: ${result.detail}`);
		if (result.outcome === 'failed') {
			console.log(`  FAIL  ${result.name} (${seconds} s)\n${indent(result.detail ?? '')}`);
		}
	}
}

export function assert(condition: unknown, message: string): asserts condition {
	if (!condition) throw new Error(message);
}

function indent(text: string): string {
	return text
		.split('\n')
		.map((line) => `        ${line}`)
		.join('\n');
}
