import { AmazonPayInputError } from './errors';
import { toCompactUtc } from './signing/amzDate';

export const ACCEPTED_DATE_EXAMPLE =
	'2024-08-04T00:00:00Z, 2024-08-04T02:00:00+02:00, 20240804T000000Z, 2024-08-04 or the ' +
	'Unix time 1722729600';

// Extended ISO 8601 (with "T" or a space), Amazon's compact form (also as a date alone), and the
// `2022-08-04T00-00-00Z` form printed on one page of Amazon's docs.
const DATE_PATTERNS = [
	/^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i,
	/^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(?:[.,](\d{1,9}))?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i,
	/^(\d{4})-(\d{2})-(\d{2})T(\d{2})-(\d{2})-(\d{2})()(Z)$/i,
];

// Amazon's compact form has four digits for the year; nothing before 1970 exists at Amazon Pay.
const EARLIEST = Date.UTC(1970, 0, 1);
const LATEST = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

// Unix times start at 1e9 seconds or 1e12 milliseconds (September 2001), long before Amazon Pay
// kept any report: a smaller number is far likelier a slip (0, a day count) than a date, and is
// refused. Seconds stay below 1e11 until the year 5138; larger numbers are milliseconds.
const SMALLEST_UNIX_SECONDS = 1e9;
const LARGEST_UNIX_SECONDS = 1e11;
// The widest offsets a clock can have (as java.time allows): +18:00 to -18:00.
const LARGEST_OFFSET_MINUTES = 18 * 60;

export interface DateReadingOptions {
	/** The field's name in the editor, for the error message. */
	field: string;
	/** IANA zone for values without an offset, normally the workflow's time zone. */
	timeZone?: string;
}

/** Reads any date a user may give and returns the instant; throws a clear error otherwise. */
export function readDate(value: unknown, options: DateReadingOptions): Date {
	const instant = toInstant(value, options.timeZone ?? 'UTC');
	if (instant === undefined || Number.isNaN(instant.getTime())) {
		throw new AmazonPayInputError(
			options.field,
			`The ${options.field} "${describe(value)}" is not a date that can be read.`,
			`Give a date and time such as ${ACCEPTED_DATE_EXAMPLE}.`,
		);
	}
	if (instant.getTime() < EARLIEST || instant.getTime() > LATEST) {
		throw new AmazonPayInputError(
			options.field,
			`The ${options.field} "${describe(value)}" is outside the years 1970 to 9999.`,
			`Give a date and time such as ${ACCEPTED_DATE_EXAMPLE}.`,
		);
	}
	return instant;
}

/** The compact UTC form Amazon Pay wants, e.g. `20240804T000000Z`. */
export function toAmazonDate(value: unknown, options: DateReadingOptions): string {
	return toCompactUtc(readDate(value, options));
}

export function assertChronological(
	start: { field: string; date: Date },
	end: { field: string; date: Date },
): void {
	if (end.date.getTime() <= start.date.getTime()) {
		throw new AmazonPayInputError(
			end.field,
			`The ${end.field} (${end.date.toISOString()}) must be after the ${start.field} ` +
				`(${start.date.toISOString()}).`,
			`For example ${start.field} 2024-08-01T00:00:00Z and ${end.field} 2024-08-02T00:00:00Z.`,
		);
	}
}

function toInstant(value: unknown, timeZone: string): Date | undefined {
	if (value instanceof Date) return value;
	if (typeof value === 'number') return fromNumber(value, timeZone);
	if (isDateLike(value)) return value.toJSDate();
	if (typeof value !== 'string') return undefined;

	const text = value.trim();
	// A Unix time as text, as a spreadsheet cell or a webhook field gives it.
	if (/^\d{10,13}$/.test(text)) return fromNumber(Number(text), timeZone);
	for (const pattern of DATE_PATTERNS) {
		const match = pattern.exec(text);
		if (match) return fromParts(match, timeZone);
	}
	return undefined;
}

// A number is a Unix time in seconds or milliseconds, or, with eight digits, a compact date such
// as 20240804 that an expression left as a number.
function fromNumber(value: number, timeZone: string): Date | undefined {
	if (!Number.isFinite(value)) return undefined;
	if (Number.isInteger(value) && value >= 10_000_000 && value <= 99_999_999) {
		return toInstant(String(value), timeZone);
	}
	const magnitude = Math.abs(value);
	if (magnitude < SMALLEST_UNIX_SECONDS) return undefined;
	if (magnitude < LARGEST_UNIX_SECONDS) return new Date(value * 1000);
	// Milliseconds, from September 2001 on as well.
	return magnitude < SMALLEST_UNIX_SECONDS * 1000 ? undefined : new Date(value);
}

// Luxon DateTime values, as n8n expressions such as {{ $now }} produce.
function isDateLike(value: unknown): value is { toJSDate(): Date } {
	return (
		typeof value === 'object' &&
		value !== null &&
		typeof (value as { toJSDate?: unknown }).toJSDate === 'function'
	);
}

function fromParts(match: RegExpExecArray, timeZone: string): Date | undefined {
	const [year, month, day, hour, minute, second] = match.slice(1, 7).map((part) => Number(part ?? 0));
	const millisecond = Number((match[7] || '0').padEnd(3, '0').slice(0, 3));
	const offsetText = match[8];

	if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
	// Date.UTC reads years 0 to 99 as 1900 to 1999; setUTCFullYear takes the year as written.
	const date = new Date(Date.UTC(2000, month - 1, day, hour, minute, second, millisecond));
	date.setUTCFullYear(year, month - 1, day);
	const wallClock = date.getTime();
	if (date.getUTCDate() !== day) return undefined; // 31 April and the like

	if (!offsetText) return new Date(wallClock - zoneOffsetMinutes(wallClock, timeZone) * 60_000);
	const offsetMinutes = readOffsetMinutes(offsetText);
	if (offsetMinutes === undefined) return undefined;
	return new Date(wallClock - offsetMinutes * 60_000);
}

// Z, +02, +0200 or +02:00; undefined for an offset no clock has, such as +25:00 or +02:75.
function readOffsetMinutes(offsetText: string): number | undefined {
	if (offsetText.toUpperCase() === 'Z') return 0;
	const digits = offsetText.replace(':', '');
	const sign = digits.startsWith('-') ? -1 : 1;
	const hours = Number(digits.slice(1, 3));
	const minutes = Number(digits.slice(3, 5) || '0');
	const total = hours * 60 + minutes;
	if (minutes > 59 || total > LARGEST_OFFSET_MINUTES) return undefined;
	return sign * total;
}

// The zone's offset at a wall-clock time, found with Intl: no time-zone library at run time.
function zoneOffsetMinutes(wallClock: number, timeZone: string): number {
	if (timeZone.toUpperCase() === 'UTC') return 0;
	let formatter: Intl.DateTimeFormat;
	try {
		formatter = new Intl.DateTimeFormat('en-US', {
			timeZone,
			hourCycle: 'h23',
			year: 'numeric',
			month: 'numeric',
			day: 'numeric',
			hour: 'numeric',
			minute: 'numeric',
			second: 'numeric',
		});
	} catch {
		return 0;
	}
	const offsetAt = (instant: number) => {
		const parts = Object.fromEntries(
			formatter.formatToParts(new Date(instant)).map((part) => [part.type, Number(part.value)]),
		);
		const asUtc = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
		return Math.round((asUtc - Math.floor(instant / 1000) * 1000) / 60_000);
	};
	// The offsets a day either side bracket any change near this wall-clock time.
	const before = offsetAt(wallClock - DAY_MS);
	const after = offsetAt(wallClock + DAY_MS);
	if (before === after) return before;
	// As java.time does: a time the change repeats is its first occurrence, and a time it skips
	// moves forward by the change (as luxon, n8n's own date library, also does).
	const fits = (offset: number) => offsetAt(wallClock - offset * 60_000) === offset;
	return fits(before) || !fits(after) ? before : after;
}

const DAY_MS = 24 * 60 * 60_000;

function describe(value: unknown): string {
	if (typeof value === 'string') return value;
	if (typeof value === 'number' || value instanceof Date) return String(value);
	try {
		return JSON.stringify(value) ?? String(value);
	} catch {
		return String(value);
	}
}
