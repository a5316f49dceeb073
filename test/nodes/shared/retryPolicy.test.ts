import {
	MAX_RETRY_AFTER_MS,
	getRetryDelayMs,
	parseHttpDate,
	parseRetryAfter,
} from '../../../nodes/shared/retryPolicy';

const NOW = Date.UTC(2025, 5, 1, 12, 0, 0);
const noJitter = () => 1;

describe('Retry-After in seconds', () => {
	it.each([
		['0', 0],
		['1', 1_000],
		['21', 21_000],
		['60', 60_000],
		['120', 120_000],
		[' 90 ', 90_000],
		['1.5', 1_500],
	])('waits what %j asks for, up to two minutes', (header, expected) => {
		expect(getRetryDelayMs(1, header, noJitter, NOW)).toBe(expected);
		expect(getRetryDelayMs(3, header, noJitter, NOW)).toBe(expected);
	});

	it.each(['121', '300', '86400', '99999999999'])(
		'does not retry early when %j asks for longer than the bound',
		(header) => {
			expect(parseRetryAfter(header, NOW)).toBeGreaterThan(MAX_RETRY_AFTER_MS);
			expect(getRetryDelayMs(1, header, noJitter, NOW)).toBeUndefined();
		},
	);

	it.each([undefined, '', '  ', 'soon', '-5', '5s', '1e3', 'Sun, 31 Feb 2025 10:00:00 GMT'])(
		'falls back to backoff for %j',
		(header) => {
			expect(parseRetryAfter(header, NOW)).toBeUndefined();
			expect(getRetryDelayMs(1, header, noJitter, NOW)).toBe(500);
			expect(getRetryDelayMs(2, header, noJitter, NOW)).toBe(1_000);
			expect(getRetryDelayMs(10, header, noJitter, NOW)).toBe(20_000);
		},
	);
});

describe('Retry-After as an HTTP date, whatever the time zone of the server', () => {
	const savedTimeZone = process.env.TZ;
	afterEach(() => {
		if (savedTimeZone === undefined) delete process.env.TZ;
		else process.env.TZ = savedTimeZone;
	});

	// RFC 9110, section 5.6.7: the same instant in its three forms, all GMT.
	const INSTANT = Date.UTC(1994, 10, 6, 8, 49, 37);
	const FORMS = [
		['IMF-fixdate', 'Sun, 06 Nov 1994 08:49:37 GMT'],
		['RFC 850', 'Sunday, 06-Nov-94 08:49:37 GMT'],
		['asctime', 'Sun Nov  6 08:49:37 1994'],
		['asctime, two-digit day', 'Sun Nov 16 08:49:37 1994'],
		['IMF-fixdate, lower case', 'sun, 06 nov 1994 08:49:37 gmt'],
	] as const;

	it.each(['UTC', 'America/Los_Angeles', 'Asia/Kolkata', 'Pacific/Chatham'])('in %s', (timeZone) => {
		process.env.TZ = timeZone;
		for (const [form, text] of FORMS) {
			const expected = form === 'asctime, two-digit day' ? INSTANT + 10 * 86_400_000 : INSTANT;
			expect([form, parseHttpDate(text, NOW)]).toEqual([form, expected]);
		}
	});

	it.each(['America/New_York', 'Asia/Tokyo'])(
		'waits until the date Amazon names, in each form (%s)',
		(timeZone) => {
			process.env.TZ = timeZone;
			const inThirtySeconds = new Date(NOW + 30_000);
			const weekday = inThirtySeconds.toUTCString().slice(0, 3);
			const imf = inThirtySeconds.toUTCString();
			const asctime = `${weekday} Jun  1 12:00:30 2025`;
			const rfc850 = 'Sunday, 01-Jun-25 12:00:30 GMT';

			for (const header of [imf, asctime, rfc850]) {
				expect([header, getRetryDelayMs(1, header, noJitter, NOW)]).toEqual([header, 30_000]);
			}
		},
	);

	it('a date in the past asks for no wait', () => {
		expect(getRetryDelayMs(1, 'Sun, 06 Nov 1994 08:49:37 GMT', noJitter, NOW)).toBe(0);
	});

	it('a date beyond the bound is not waited for', () => {
		const later = new Date(NOW + 10 * 60_000).toUTCString();
		expect(getRetryDelayMs(1, later, noJitter, NOW)).toBeUndefined();
	});

	it('reads a two-digit RFC 850 year as the latest one not more than 50 years ahead', () => {
		expect(parseHttpDate('Monday, 01-Jan-74 00:00:00 GMT', NOW)).toBe(Date.UTC(2074, 0, 1));
		expect(parseHttpDate('Thursday, 01-Jan-76 00:00:00 GMT', NOW)).toBe(Date.UTC(1976, 0, 1));
	});

	it.each([
		'Sun, 06 Nov 1994 08:49:37 +0100',
		'Sun, 06 Nov 1994 24:00:00 GMT',
		'Sun, 06 Foo 1994 08:49:37 GMT',
		'1994-11-06T08:49:37Z',
		'Sun Nov  6 08:49:37',
	])('refuses %j', (text) => {
		expect(parseHttpDate(text, NOW)).toBeUndefined();
	});
});
