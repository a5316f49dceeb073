// How often to ask whether a report is done. Polling every tenth of the time waited so far
// keeps the calls to about ten per wait and notices completion within a tenth of the wait,
// whether the report takes seconds or hours.

export const MIN_POLL_INTERVAL_MS = 500;
export const DEFAULT_MAX_POLL_INTERVAL_MS = 60_000;
export const DEFAULT_MAX_WAIT_MS = 15 * 60_000;
const SHARE_OF_ELAPSED = 0.1;

export function nextPollDelayMs(elapsedMs: number, maxIntervalMs = DEFAULT_MAX_POLL_INTERVAL_MS): number {
	const cap = Math.max(MIN_POLL_INTERVAL_MS, maxIntervalMs);
	return Math.min(cap, Math.max(MIN_POLL_INTERVAL_MS, Math.round(elapsedMs * SHARE_OF_ELAPSED)));
}

export type ProcessingStatus = 'IN_PROGRESS' | 'COMPLETED' | 'FAILED' | 'CANCELLED';

export const FINAL_STATUSES: ReadonlySet<string> = new Set(['COMPLETED', 'FAILED', 'CANCELLED']);
