// Amazon Pay writes times in the compact UTC form 20221118T150630Z; requests may also
// carry the extended form 2022-11-18T15:06:30Z.

const COMPACT = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;
const EXTENDED = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?Z$/;

export function formatAmazonTime(ms: number): string {
	return new Date(ms)
		.toISOString()
		.replace(/[-:]/g, '')
		.replace(/\.\d{3}/, '');
}

/** Milliseconds since the epoch, or undefined when the text is not an accepted UTC time. */
export function parseAmazonTime(text: string, options: { allowMillis?: boolean } = {}) {
	const parts = COMPACT.exec(text) ?? EXTENDED.exec(text);
	if (!parts) return undefined;
	if (parts[7] !== undefined && !options.allowMillis) return undefined;

	const [year, month, day, hour, minute, second] = parts.slice(1, 7).map(Number);
	const millis = parts[7] ? Number(parts[7].padEnd(3, '0')) : 0;
	const ms = Date.UTC(year, month - 1, day, hour, minute, second, millis);

	// Date.UTC rolls 2024-02-30 over into March; such a date was never valid.
	const back = new Date(ms);
	const sameFields =
		back.getUTCFullYear() === year &&
		back.getUTCMonth() === month - 1 &&
		back.getUTCDate() === day &&
		back.getUTCHours() === hour &&
		back.getUTCMinutes() === minute &&
		back.getUTCSeconds() === second;
	return sameFields ? ms : undefined;
}

/** A time given to a control call: compact or extended UTC text, or epoch milliseconds. */
export function readSeedTime(name: string, value: string | number | undefined): number | undefined {
	if (value === undefined || typeof value === 'number') return value;

	const ms = parseAmazonTime(value, { allowMillis: true });
	if (ms === undefined) throw new Error(`${name} '${value}' is not a UTC time like 20221118T150630Z`);
	return ms;
}
