// Which Amazon Pay reports a polling trigger has handed on, so each completed report starts the
// workflow exactly once. Reports are listed by creation time, but complete later and in any
// order; so the cursor remembers the reports it has emitted (by ID) and the ones still in
// progress, and each poll looks back far enough to see all of those finish.

export interface ReportSummary {
	reportId: string;
	createdTime?: string;
	processingStatus?: string;
	processingEndTime?: string;
}

export interface ReportCursor {
	version: 1;
	/** Reports created before this (ms) that are not pending were all seen by an earlier poll. */
	sinceMs: number;
	/**
	 * Reports that completed before this (ms) are never emitted: the trigger starts with the reports
	 * that complete from its first activation on (or from the days it was asked to look back).
	 * Absent in cursors saved before it existed.
	 */
	completedSinceMs?: number;
	/** Emitted report IDs and their creation time (ms); pruned once out of every window. */
	emitted: Record<string, number>;
	/** Reports not yet completed (or completed but not yet handed on), by creation time (ms). */
	pending: Record<string, number>;
	/** Pending reports whose document could not be had, by when that first happened (ms). */
	failing?: Record<string, number>;
}

// A report listed a little after it was created, or a clock a little off, must still be seen.
export const LOOKBACK_MS = 10 * 60_000;
// Amazon Pay keeps reports for 90 days and refuses an older createdSince.
const RETENTION_MS = 89 * 24 * 60 * 60_000;
// How long before the first activation a report may have been created and still be in progress,
// so that it is emitted when it completes. Amazon Pay finishes reports within minutes to hours.
export const IN_PROGRESS_LOOKBACK_MS = 24 * 60 * 60_000;

export function startCursor(nowMs: number, includeLastDays = 0): ReportCursor {
	// Out of range (or not a number, from an expression) falls back to now and to the 90 days kept.
	const days = Number.isFinite(includeLastDays) ? Math.max(0, includeLastDays) : 0;
	const completedSinceMs = wholeSeconds(nowMs - Math.min(days * 24 * 60 * 60_000, RETENTION_MS));
	const sinceMs = Math.max(completedSinceMs - IN_PROGRESS_LOOKBACK_MS, wholeSeconds(nowMs - RETENTION_MS));
	return { version: 1, sinceMs, completedSinceMs, emitted: {}, pending: {} };
}

// Amazon's times have whole seconds: a window edge with milliseconds would cut its own second.
function wholeSeconds(ms: number): number {
	return Math.floor(ms / 1000) * 1000;
}

export function isReportCursor(value: unknown): value is ReportCursor {
	const cursor = value as ReportCursor | undefined;
	return (
		cursor?.version === 1 &&
		typeof cursor.sinceMs === 'number' &&
		typeof cursor.emitted === 'object' &&
		typeof cursor.pending === 'object'
	);
}

/** The creation-time window the next poll lists: back to the oldest report still open. */
export function windowStartMs(cursor: ReportCursor, nowMs: number): number {
	let oldestPending = Infinity;
	for (const createdMs of Object.values(cursor.pending)) oldestPending = Math.min(oldestPending, createdMs);
	// A second before the oldest open report, should Amazon read createdSince as "after".
	return Math.max(Math.min(cursor.sinceMs, oldestPending - 1000), nowMs - RETENTION_MS);
}

/** Completed reports not emitted before, oldest first (ties by completion, then ID). */
export function newlyCompleted<T extends ReportSummary>(cursor: ReportCursor, reports: T[]): T[] {
	return reports
		.filter((report) => isCompletedInScope(cursor, report) && !(report.reportId in cursor.emitted))
		.sort(
			(a, b) =>
				compare(parseAmazonTime(a.createdTime), parseAmazonTime(b.createdTime)) ||
				compare(parseAmazonTime(a.processingEndTime), parseAmazonTime(b.processingEndTime)) ||
				compare(a.reportId, b.reportId),
		);
}

/** When the report's document first failed, as far as the cursor knows; now if it never did. */
export function firstFailureMs(cursor: ReportCursor, reportId: string, nowMs: number): number {
	return cursor.failing?.[reportId] ?? nowMs;
}

/**
 * The cursor after a poll that listed `reports` (the whole window), handed on `handedOn` and
 * could not have the documents of `failed` (report IDs). Completed reports that were not handed
 * on stay pending, so the next poll offers them again.
 */
export function advanceCursor(
	cursor: ReportCursor,
	reports: ReportSummary[],
	handedOn: ReportSummary[],
	pollStartedMs: number,
	failed: string[] = [],
): ReportCursor {
	const emitted = { ...cursor.emitted };
	for (const report of handedOn) emitted[report.reportId] = createdMs(report, pollStartedMs);

	const pending: Record<string, number> = {};
	for (const report of reports) {
		const open =
			report.processingStatus === 'IN_PROGRESS' ||
			(isCompletedInScope(cursor, report) && !(report.reportId in emitted));
		if (open) pending[report.reportId] = createdMs(report, pollStartedMs);
	}

	const next: ReportCursor = {
		version: 1,
		sinceMs: Math.max(cursor.sinceMs, wholeSeconds(pollStartedMs - LOOKBACK_MS)),
		emitted,
		pending,
	};
	if (cursor.completedSinceMs !== undefined) next.completedSinceMs = cursor.completedSinceMs;

	// A failure is remembered while its report is pending, from the first time it happened.
	const failing: Record<string, number> = {};
	for (const reportId of failed) failing[reportId] = firstFailureMs(cursor, reportId, pollStartedMs);
	for (const [reportId, sinceMs] of Object.entries(cursor.failing ?? {})) failing[reportId] ??= sinceMs;
	for (const reportId of Object.keys(failing)) if (!(reportId in pending)) delete failing[reportId];
	if (Object.keys(failing).length > 0) next.failing = failing;
	const start = windowStartMs(next, pollStartedMs);
	for (const [reportId, created] of Object.entries(next.emitted)) {
		if (created < start) delete next.emitted[reportId];
	}
	return next;
}

// Completed, and not before the trigger's start; a report without times counts as in scope.
function isCompletedInScope(cursor: ReportCursor, report: ReportSummary): boolean {
	if (report.processingStatus !== 'COMPLETED') return false;
	if (cursor.completedSinceMs === undefined) return true;
	const completed = parseAmazonTime(report.processingEndTime ?? report.createdTime);
	return Number.isNaN(completed) || completed >= cursor.completedSinceMs;
}

/** `20221118T150630Z` (Amazon's form) or any ISO 8601 time, as milliseconds. */
export function parseAmazonTime(value: string | undefined): number {
	if (!value) return NaN;
	const compact = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(?:\.\d+)?Z$/.exec(value);
	if (compact) {
		const [year, month, day, hour, minute, second] = compact.slice(1).map(Number);
		return Date.UTC(year, month - 1, day, hour, minute, second);
	}
	return Date.parse(value);
}

function createdMs(report: ReportSummary, fallbackMs: number): number {
	const created = parseAmazonTime(report.createdTime);
	return Number.isNaN(created) ? fallbackMs : created;
}

function compare(a: number | string, b: number | string): number {
	if (typeof a === 'number' && typeof b === 'number') {
		if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) ? (Number.isNaN(b) ? 0 : 1) : -1;
		return a - b;
	}
	return a < b ? -1 : a > b ? 1 : 0;
}
