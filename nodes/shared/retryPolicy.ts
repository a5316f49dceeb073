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
const MAX_DELAY_MS = 20_000;

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
 * Milliseconds to wait before attempt `attempt + 1`: exponential with full jitter, or what a
 * Retry-After header asks for (seconds or an HTTP date), capped either way.
 */
export function getRetryDelayMs(
	attempt: number,
	retryAfter: string | undefined,
	random: () => number = Math.random,
	now: number = Date.now(),
): number {
	const asked = parseRetryAfter(retryAfter, now);
	if (asked !== undefined) return Math.min(asked, MAX_DELAY_MS);

	const ceiling = Math.min(BASE_DELAY_MS * 2 ** (attempt - 1), MAX_DELAY_MS);
	return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

function parseRetryAfter(value: string | undefined, now: number): number | undefined {
	if (value === undefined || value.trim() === '') return undefined;
	if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.round(Number(value) * 1000);
	const date = Date.parse(value);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
