import fc from 'fast-check';
import { DateTime } from 'luxon';

import { assertChronological, readDate, toAmazonDate } from '../../../nodes/shared/dates';
import { AmazonPayInputError } from '../../../nodes/shared/errors';

const field = 'Start Time';

describe('toAmazonDate reads what users type, paste and pick', () => {
	it.each([
		['extended ISO with Z', '2022-08-04T00:00:00Z', '20220804T000000Z'],
		['extended ISO with milliseconds', '2022-08-04T00:00:00.999Z', '20220804T000000Z'],
		['positive offset', '2022-08-04T02:00:00+02:00', '20220804T000000Z'],
		['negative offset without colon', '2022-08-03T17:00:00-0700', '20220804T000000Z'],
		['compact form', '20220804T000000Z', '20220804T000000Z'],
		['compact form with offset', '20220804T093000+0930', '20220804T000000Z'],
		["the docs' dashed-time form", '2022-08-04T00-00-00Z', '20220804T000000Z'],
		['a space instead of T', '2022-08-04 10:30:00Z', '20220804T103000Z'],
		['minutes only', '2022-08-04T10:30Z', '20220804T103000Z'],
		['a date alone, in UTC', '2022-08-04', '20220804T000000Z'],
		['lower-case t and z', '2022-08-04t01:02:03z', '20220804T010203Z'],
		['surrounding blanks', '  2022-08-04T00:00:00Z ', '20220804T000000Z'],
		['a JavaScript Date', new Date('2022-08-04T00:00:00Z'), '20220804T000000Z'],
		['a luxon-like DateTime', { toJSDate: () => new Date('2022-08-04T00:00:00Z') }, '20220804T000000Z'],
		['Unix seconds', 1659571200, '20220804T000000Z'],
		['Unix milliseconds', 1659571200000, '20220804T000000Z'],
		['Unix seconds as text', '1659571200', '20220804T000000Z'],
		['Unix milliseconds as text', ' 1659571200000 ', '20220804T000000Z'],
		['a compact date alone', '20220804', '20220804T000000Z'],
		['a compact date that an expression left a number', 20220804, '20220804T000000Z'],
		['Unix seconds with a fraction, as luxon toSeconds() gives', 1659571200.25, '20220804T000000Z'],
		['an offset of hours alone', '2022-08-04T02:00:00+02', '20220804T000000Z'],
		['the widest offset a clock has', '2022-08-04T18:00:00+18:00', '20220804T000000Z'],
	])('%s', (_name, value, expected) => {
		expect(toAmazonDate(value, { field })).toBe(expected);
	});

	it('reads a value without offset in the workflow time zone, across daylight saving', () => {
		expect(toAmazonDate('2022-08-04T00:00:00', { field, timeZone: 'Europe/Berlin' })).toBe('20220803T220000Z');
		expect(toAmazonDate('2022-01-04T00:00:00', { field, timeZone: 'Europe/Berlin' })).toBe('20220103T230000Z');
		expect(toAmazonDate('2022-08-04T00:00:00', { field, timeZone: 'America/Los_Angeles' })).toBe('20220804T070000Z');
		expect(toAmazonDate('2022-08-04T00:00:00', { field, timeZone: 'Asia/Tokyo' })).toBe('20220803T150000Z');
		expect(toAmazonDate('2022-08-04T00:00:00+00:00', { field, timeZone: 'Asia/Tokyo' })).toBe('20220804T000000Z');
	});

	it.each([
		['a time that spring-forward skips moves forward (New York)', 'America/New_York', '2024-03-10T02:30:00', '2024-03-10T07:30:00.000Z'],
		['a time that spring-forward skips moves forward (Berlin)', 'Europe/Berlin', '2024-03-31T02:30:00', '2024-03-31T01:30:00.000Z'],
		['a time that spring-forward skips moves forward (Sydney)', 'Australia/Sydney', '2024-10-06T02:30:00', '2024-10-05T16:30:00.000Z'],
		['a half-hour skip moves forward half an hour (Lord Howe)', 'Australia/Lord_Howe', '2024-10-06T02:15:00', '2024-10-05T15:45:00.000Z'],
		['a time that fall-back repeats is its first occurrence (New York)', 'America/New_York', '2024-11-03T01:30:00', '2024-11-03T05:30:00.000Z'],
		['a time that fall-back repeats is its first occurrence (Berlin)', 'Europe/Berlin', '2024-10-27T02:30:00', '2024-10-27T00:30:00.000Z'],
		['a time that fall-back repeats is its first occurrence (Sydney)', 'Australia/Sydney', '2024-04-07T02:30:00', '2024-04-06T15:30:00.000Z'],
		['the first time after the repeat', 'America/New_York', '2024-11-03T02:00:00', '2024-11-03T07:00:00.000Z'],
		['the last second before the skip', 'America/New_York', '2024-03-10T01:59:59', '2024-03-10T06:59:59.000Z'],
	])('%s', (_name, timeZone, wallClock, expected) => {
		expect(readDate(wallClock, { field, timeZone }).toISOString()).toBe(expected);
	});

	it('agrees with luxon on every wall-clock time that exists exactly once', () => {
		const zones = ['America/New_York', 'America/Los_Angeles', 'America/Sao_Paulo', 'Europe/Berlin', 'Europe/London', 'Asia/Kolkata', 'Asia/Tokyo', 'Australia/Sydney', 'Australia/Lord_Howe', 'Pacific/Chatham', 'Africa/Casablanca', 'America/St_Johns'];
		fc.assert(
			fc.property(
				fc.constantFrom(...zones),
				fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 0, 1) }).map((ms) => Math.floor(ms / 1000) * 1000),
				(zone, instant) => {
					// The wall-clock time of a real instant exists; one that occurs twice is left to
					// the rule above.
					const wallClock = DateTime.fromMillis(instant, { zone }).toFormat("yyyy-MM-dd'T'HH:mm:ss");
					fc.pre(!isRepeated(wallClock, zone));
					expect(readDate(wallClock, { field, timeZone: zone }).getTime()).toBe(instant);
				},
			),
			{ numRuns: 5_000 },
		);
	});

	it.each([
		['empty', ''],
		['words', 'yesterday'],
		['month 13', '2022-13-01T00:00:00Z'],
		['31 April', '2022-04-31T00:00:00Z'],
		['hour 24', '2022-08-04T24:00:00Z'],
		['US order', '08/04/2022'],
		['an object', { when: 'now' }],
		['null', null],
		['NaN', Number.NaN],
		['digits too few for a Unix time or a compact date', '1659571'],
		['digits too many for a Unix time', '16595712000001'],
		['a compact date with month 13', '20221304'],
		['a compact date number with month 13', 20221304],
		['zero', 0],
		['a small number', 5],
		['a number of seconds before September 2001', 999_999_999],
		['nine digits of text', '123456789'],
		['milliseconds before September 2001', 100_000_000_000],
		['twelve digits of text, milliseconds before September 2001', '999999999999'],
		['Infinity', Number.POSITIVE_INFINITY],
		['an invalid Date', new Date('not a date')],
		['an offset of 99 hours', '2024-08-04T00:00:00+99:99'],
		['an offset beyond 18 hours', '2024-08-04T00:00:00-25:00'],
		['offset minutes of 75', '2024-08-04T00:00:00+02:75'],
		['an offset on a compact date beyond 18 hours', '20240804T000000+1900'],
	])('refuses %s with the field and an accepted example', (_name, value) => {
		let caught: unknown;
		try {
			readDate(value, { field });
		} catch (error) {
			caught = error;
		}
		expect(caught).toBeInstanceOf(AmazonPayInputError);
		expect((caught as AmazonPayInputError).message).toMatch(/^The Start Time ".*" is not a date that can be read\.$/);
		if (value !== null) expect((caught as AmazonPayInputError).message).not.toContain('"null"');
		expect((caught as AmazonPayInputError).field).toBe('Start Time');
		expect((caught as AmazonPayInputError).hint).toContain('2024-08-04T00:00:00Z');
	});
});

describe('assertChronological', () => {
	const start = { field: 'Start Time', date: new Date('2024-08-02T00:00:00Z') };

	it('refuses an end before or at the start, naming the end field', () => {
		expect(() =>
			assertChronological(start, { field: 'End Time', date: new Date('2024-08-01T00:00:00Z') }),
		).toThrow('The End Time (2024-08-01T00:00:00.000Z) must be after the Start Time (2024-08-02T00:00:00.000Z).');
		expect(() => assertChronological(start, { field: 'End Time', date: start.date })).toThrow(/must be after/);
	});

	it('accepts an end after the start', () => {
		expect(() =>
			assertChronological(start, { field: 'End Time', date: new Date('2024-08-02T00:00:01Z') }),
		).not.toThrow();
	});
});

// Whether a wall-clock time occurs twice in the zone (in the hour a clock change repeats).
function isRepeated(wallClock: string, zone: string): boolean {
	const asUtc = Date.parse(`${wallClock}Z`);
	const offsets = new Set(
		[-1, 1].map((side) => DateTime.fromMillis(asUtc + side * 24 * 3600_000, { zone }).offset),
	);
	return [...offsets].filter((offset) => {
		const instant = asUtc - offset * 60_000;
		return DateTime.fromMillis(instant, { zone }).offset === offset;
	}).length > 1;
}
