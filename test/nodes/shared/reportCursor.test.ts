import fc from 'fast-check';

import {
	LOOKBACK_MS,
	advanceCursor,
	firstFailureMs,
	newlyCompleted,
	startCursor,
	windowStartMs,
	type ReportSummary,
} from '../../../nodes/shared/reportCursor';
import { toCompactUtc } from '../../../nodes/shared/signing/amzDate';

interface SimulatedReport {
	reportId: string;
	createdMs: number;
	/** When Amazon's listing starts to show it (a little after creation). */
	visibleMs: number;
	completesMs: number;
	fails: boolean;
}

// Amazon's Get Reports as the trigger sees it at `nowMs`: created since the window start, whole
// seconds, newest first.
function listAt(reports: SimulatedReport[], sinceMs: number, nowMs: number): ReportSummary[] {
	return reports
		.filter((report) => report.visibleMs <= nowMs && report.createdMs >= Math.floor(sinceMs / 1000) * 1000)
		.map((report) => ({
			reportId: report.reportId,
			createdTime: toCompactUtc(new Date(report.createdMs)),
			processingStatus:
				report.completesMs > nowMs ? 'IN_PROGRESS' : report.fails ? 'FAILED' : 'COMPLETED',
			processingEndTime: report.completesMs > nowMs ? undefined : toCompactUtc(new Date(report.completesMs)),
		}))
		.reverse();
}

const timeline = fc.record({
	reports: fc.array(
		fc.record({
			// Some created before the first activation: those that complete after it count too.
			createdOffset: fc.integer({ min: -(24 * 3600_000 - 1000), max: 6 * 3600_000 }),
			lagMs: fc.integer({ min: 0, max: LOOKBACK_MS - 1 }),
			processingMs: fc.oneof(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 0, max: 5 * 3600_000 })),
			fails: fc.boolean(),
			tieWithPrevious: fc.boolean(),
		}),
		{ maxLength: 40 },
	),
	pollGaps: fc.array(fc.integer({ min: 1000, max: 45 * 60_000 }), { minLength: 1, maxLength: 40 }),
	failingPolls: fc.array(fc.boolean(), { maxLength: 40 }),
	handOnAtMost: fc.array(fc.integer({ min: 1, max: 5 }), { maxLength: 40 }),
});

describe('report cursor', () => {
	it('emits every report completed since activation exactly once, whatever the order, lag, ties and failed polls', () => {
		fc.assert(
			fc.property(timeline, ({ reports: specs, pollGaps, failingPolls, handOnAtMost }) => {
				const activatedMs = Date.UTC(2024, 7, 1, 12, 0, 0, 250);
				let previousCreated = activatedMs;
				const reports: SimulatedReport[] = specs.map((spec, index) => {
					const createdMs = spec.tieWithPrevious ? previousCreated : activatedMs + 1 + spec.createdOffset;
					previousCreated = createdMs;
					return {
						reportId: `r${index}`,
						createdMs,
						visibleMs: createdMs + spec.lagMs,
						completesMs: createdMs + spec.processingMs,
						fails: spec.fails,
					};
				});

				let cursor = startCursor(activatedMs);
				let nowMs = activatedMs;
				const emitted: string[] = [];
				const poll = (index: number) => {
					const listed = listAt(reports, windowStartMs(cursor, nowMs), nowMs);
					if (failingPolls[index]) return; // the poll threw: nothing moves
					// A poll that runs out of time hands on only some of them.
					const handedOn = newlyCompleted(cursor, listed).slice(0, handOnAtMost[index] ?? Infinity);
					emitted.push(...handedOn.map((report) => report.reportId));
					cursor = JSON.parse(JSON.stringify(advanceCursor(cursor, listed, handedOn, nowMs)));
				};
				pollGaps.forEach((gap, index) => {
					nowMs += gap;
					poll(index);
				});
				// Then polls go on long enough for everything to finish and be handed on.
				for (let index = 0; index < 200; index++) {
					nowMs += 30 * 60_000;
					poll(pollGaps.length + index + 1000);
				}

				// Amazon's times have whole seconds: the activation's second counts as after it.
				const activatedSecond = Math.floor(activatedMs / 1000);
				const expected = reports
					.filter((report) => !report.fails && Math.floor(report.completesMs / 1000) >= activatedSecond)
					.map((report) => report.reportId);
				expect([...emitted].sort()).toEqual([...expected].sort());
			}),
			{ numRuns: 500 },
		);
	});

	it('forgets emitted reports once no window can show them again', () => {
		const start = Date.UTC(2024, 7, 1);
		let cursor = startCursor(start);
		const report = { reportId: 'a', createdTime: toCompactUtc(new Date(start + 1000)), processingStatus: 'COMPLETED' };
		cursor = advanceCursor(cursor, [report], [report], start + 2000);
		expect(Object.keys(cursor.emitted)).toEqual(['a']);
		cursor = advanceCursor(cursor, [], [], start + 2 * LOOKBACK_MS);
		expect(cursor.emitted).toEqual({});
	});
});

describe('document failures', () => {
	const start = Date.UTC(2024, 7, 1);
	const report = { reportId: 'a', createdTime: toCompactUtc(new Date(start + 1000)), processingStatus: 'COMPLETED' };

	it('are remembered from the first one while the report is pending, and forgotten once it is handed on', () => {
		let cursor = startCursor(start);
		cursor = advanceCursor(cursor, [report], [], start + 60_000, ['a']);
		expect(cursor.failing).toEqual({ a: start + 60_000 });

		cursor = advanceCursor(cursor, [report], [], start + 120_000, ['a']);
		expect(firstFailureMs(cursor, 'a', start + 180_000)).toBe(start + 60_000);

		cursor = advanceCursor(cursor, [report], [report], start + 180_000);
		expect(cursor.failing).toBeUndefined();
		expect(firstFailureMs(cursor, 'a', start + 240_000)).toBe(start + 240_000);
	});
});

describe('startCursor', () => {
	const nowMs = Date.UTC(2024, 7, 4, 12, 0, 0);
	const dayMs = 24 * 3600_000;

	it.each([
		['0 days', 0, nowMs],
		['3 days', 3, nowMs - 3 * dayMs],
		['more days than Amazon keeps', 400, nowMs - 89 * dayMs],
		['a negative number', -2, nowMs],
		['not a number', Number.NaN, nowMs],
	])('emits reports completed from %s back, and lists a day further for those in progress', (_name, days, expectedMs) => {
		const cursor = startCursor(nowMs, days);
		expect(cursor.completedSinceMs).toBe(expectedMs);
		expect(cursor.sinceMs).toBe(Math.max(expectedMs - dayMs, nowMs - 89 * dayMs));
	});

	it('a cursor saved before completedSinceMs existed keeps emitting every completed report', () => {
		const legacy = { version: 1 as const, sinceMs: nowMs, emitted: {}, pending: {} };
		const old = { reportId: 'old', createdTime: '20200101T000000Z', processingStatus: 'COMPLETED', processingEndTime: '20200101T000100Z' };
		expect(newlyCompleted(legacy, [old])).toEqual([old]);
		expect(advanceCursor(legacy, [old], [old], nowMs).completedSinceMs).toBeUndefined();
	});
});
