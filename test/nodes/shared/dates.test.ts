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
