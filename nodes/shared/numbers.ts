import { AmazonPayInputError } from './errors';

export interface NumberRule {
	/** The field's name in the editor, for the error message. */
	field: string;
	/** The smallest value allowed; with `aboveMin`, only values above it. */
	min: number;
	aboveMin?: boolean;
	max?: number;
	wholeNumber?: boolean;
	/** An accepted value to show. */
	example: number;
}

/**
 * A number the user set. The editor's own bounds do not hold for expressions or imported
 * workflows, so they are checked again here; a numeric string from an expression is read too.
 */
export function readNumber(value: unknown, rule: NumberRule): number {
	const number =
		typeof value === 'string' && value.trim() !== '' ? Number(value.trim()) : value;
	const fits =
		typeof number === 'number' &&
		Number.isFinite(number) &&
		(rule.aboveMin ? number > rule.min : number >= rule.min) &&
		(rule.max === undefined || number <= rule.max) &&
		(!rule.wholeNumber || Number.isInteger(number));
	if (fits) return number;

	throw new AmazonPayInputError(
		rule.field,
		`The ${rule.field} "${describe(value)}" must be ${describeRule(rule)}.`,
		`For example ${rule.example}.`,
	);
}

function describeRule(rule: NumberRule): string {
	const kind = rule.wholeNumber ? 'a whole number' : 'a number';
	const lower = rule.aboveMin ? `above ${rule.min}` : `of at least ${rule.min}`;
	if (rule.max === undefined) return `${kind} ${lower}`;
	return rule.aboveMin
		? `${kind} above ${rule.min} and at most ${rule.max}`
		: `${kind} from ${rule.min} to ${rule.max}`;
}

function describe(value: unknown): string {
	if (typeof value === 'string') return value;
	if (typeof value === 'number') return String(value);
	return JSON.stringify(value) ?? String(value);
}
