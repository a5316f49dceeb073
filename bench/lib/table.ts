// What each benchmark section hands back to bench/run.ts, and how run.ts prints it: one table of
// measurements, then one table of targets with what was measured and whether it was met.

export type Verdict = 'pass' | 'miss' | 'skipped' | 'info';

export interface TargetCheck {
	target: string;
	measured: string;
	verdict: Verdict;
	/** Why the target can be missed and what would come next; listed at the end when it is. */
	whenMissed?: string;
}

export interface SectionResult {
	title: string;
	/** How it was measured, printed above the table. */
	method: string[];
	columns: string[];
	rows: string[][];
	targets: TargetCheck[];
	/** Printed under the targets: skipped parts, caveats. */
	notes: string[];
}

export function renderTable(columns: string[], rows: string[][]): string {
	const widths = columns.map((column, index) =>
		Math.max(column.length, ...rows.map((row) => (row[index] ?? '').length)),
	);
	const isNumeric = columns.map((_, index) =>
		rows.every((row) => /^[-+]?[\d,.]+( ?[a-zA-Zµ%/]+)?x?$|^n\/a$|^-$/.test(row[index] ?? '')),
	);
	const line = (cells: string[]) =>
		`| ${cells
			.map((cell, index) =>
				isNumeric[index] ? cell.padStart(widths[index]) : cell.padEnd(widths[index]),
			)
			.join(' | ')} |`;
	const rule = `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`;
	return [line(columns), rule, ...rows.map(line)].join('\n');
}

export function renderSection(result: SectionResult): string {
	const parts = [result.title, ...result.method.map((text) => `  ${text}`), ''];
	parts.push(renderTable(result.columns, result.rows), '');
	parts.push(
		renderTable(
			['target', 'measured', 'result'],
			result.targets.map((check) => [check.target, check.measured, check.verdict]),
		),
	);
	if (result.notes.length > 0) {
		parts.push('', ...result.notes.map((note) => `  note: ${note}`));
	}
	return parts.join('\n');
}

export function verdict(met: boolean): Verdict {
	return met ? 'pass' : 'miss';
}
