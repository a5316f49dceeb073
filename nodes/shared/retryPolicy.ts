// When Amazon Pay calls are tried again: the statuses the official SDKs retry, plus dropped
// and timed-out connections ("Error handling" in the Amazon Pay API v2 docs).
export const RETRYABLE_STATUSES = new Set([408, 425, 429, 500, 502, 503, 504]);

const RETRYABLE_NETWORK_CODES = new Set([
	'ECONNRESET',
	'ECONNREFUSED',
	'ECONNABORTED',
	'EPIPE',
	'ETIMEDOUT',
	'ESOCKETTIMEDOUT',
	'EAI_AGAIN',
	'UND_ERR_SOCKET',
	'ERR_SOCKET_CONNECTION_TIMEOUT',
]);

export const DEFAULT_MAX_ATTEMPTS = 3;
export const DEFAULT_TIMEOUT_MS = 30_000;
const BASE_DELAY_MS = 500;
const MAX_BACKOFF_MS = 20_000;
/**
 * The longest Retry-After the node waits for inside one execution. Amazon asking for more means
 * a retry would only be refused again: the call fails at once and says how long Amazon asked for.
 */
export const MAX_RETRY_AFTER_MS = 120_000;

export function isRetryableNetworkError(error: unknown): boolean {
	for (let current = error; current; current = (current as { cause?: unknown }).cause) {
		const { code, message } = current as { code?: unknown; message?: unknown };
		if (typeof code === 'string' && RETRYABLE_NETWORK_CODES.has(code)) return true;
		if (typeof message === 'string' && /socket hang up|timeout of \d+ms exceeded/i.test(message)) {
			return true;
		}
		if (current === (current as { cause?: unknown }).cause) break;
	}
	return false;
}

/**
 * Milliseconds to wait before attempt `attempt + 1`: what a Retry-After header asks for (seconds
 * or an HTTP date), else exponential backoff with full jitter. Undefined when Retry-After asks for
 * more than MAX_RETRY_AFTER_MS: a retry sent earlier than Amazon asked would be refused again.
 */
export function getRetryDelayMs(
	attempt: number,
	retryAfter: string | undefined,
	random: () => number = Math.random,
	now: number = Date.now(),
): number | undefined {
	const asked = parseRetryAfter(retryAfter, now);
	if (asked !== undefined) return asked > MAX_RETRY_AFTER_MS ? undefined : asked;
	return getBackoffMs(attempt, random);
}

/** Exponential backoff with full jitter: up to 0.5 s before the second attempt, doubling. */
export function getBackoffMs(attempt: number, random: () => number = Math.random): number {
	const ceiling = Math.min(BASE_DELAY_MS * 2 ** (attempt - 1), MAX_BACKOFF_MS);
	return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/**
 * Milliseconds a Retry-After header asks to wait (RFC 9110, section 10.2.3): delay-seconds, or an
 * HTTP date in any of its three forms, all in GMT. Undefined when absent or unreadable.
 */
export function parseRetryAfter(
	value: string | undefined,
	now: number = Date.now(),
): number | undefined {
	const text = value?.trim() ?? '';
	if (text === '') return undefined;
	if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
	const date = parseHttpDate(text, now);
	return date === undefined ? undefined : Math.max(0, date - now);
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

// RFC 9110, section 5.6.7: IMF-fixdate, the obsolete RFC 850 form and C's asctime() form. Read
// here rather than by Date.parse, which takes the asctime form (no zone) in the server's time zone.
const TIME = String.raw`(\d{1,2}):(\d{2}):(\d{2})`;
const GMT = String.raw`\s+(?:GMT|UTC)`;
// Sun, 06 Nov 1994 08:49:37 GMT
const IMF_FIXDATE = new RegExp(
	String.raw`^(?:[a-z]{3},\s*)?(\d{1,2})\s+([a-z]{3})\s+(\d{4})\s+${TIME}${GMT}$`,
	'i',
);
// Sunday, 06-Nov-94 08:49:37 GMT
const RFC_850_DATE = new RegExp(
	String.raw`^(?:[a-z]+,\s*)?(\d{1,2})-([a-z]{3})-(\d{2})\s+${TIME}${GMT}$`,
	'i',
);
// Sun Nov  6 08:49:37 1994
const ASCTIME_DATE = new RegExp(
	String.raw`^(?:[a-z]{3}\s+)?([a-z]{3})\s+(\d{1,2})\s+${TIME}\s+(\d{4})$`,
	'i',
);

/** An HTTP date as milliseconds since the epoch, whatever the server's time zone. */
export function parseHttpDate(text: string, now: number = Date.now()): number | undefined {
	let match = IMF_FIXDATE.exec(text);
	if (match) {
		const [, day, month, year, hour, minute, second] = match;
		return utc(Number(year), month, day, hour, minute, second);
	}
	match = RFC_850_DATE.exec(text);
	if (match) {
		const [, day, month, year, hour, minute, second] = match;
		return utc(fullYear(Number(year), now), month, day, hour, minute, second);
	}
	match = ASCTIME_DATE.exec(text);
	if (match) {
		const [, month, day, hour, minute, second, year] = match;
		return utc(Number(year), month, day, hour, minute, second);
	}
	return undefined;
}

// RFC 9110: a two-digit year that looks more than 50 years ahead is the latest such past year.
function fullYear(twoDigits: number, now: number): number {
	const currentYear = new Date(now).getUTCFullYear();
	const year = Math.floor(currentYear / 100) * 100 + twoDigits;
	return year > currentYear + 50 ? year - 100 : year;
}

function utc(
	year: number,
	monthName: string,
	day: string,
	hour: string,
	minute: string,
	second: string,
): number | undefined {
	const month = MONTHS.indexOf(monthName.toLowerCase());
	const [days, hours, minutes, seconds] = [day, hour, minute, second].map(Number);
	if (month < 0 || days < 1 || hours > 23 || minutes > 59 || seconds > 60) return undefined;
	// A leap second counts as the last second of its minute.
	const time = Date.UTC(year, month, days, hours, minutes, Math.min(seconds, 59));
	// Date.UTC rolls 31 Feb over into March; such a date is refused rather than moved.
	return new Date(time).getUTCDate() === days ? time : undefined;
}
