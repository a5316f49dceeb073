import { request } from 'undici';

import { startEmulator, type Emulator } from './index';
import { callApi, control } from './testClient';
import { compactDate } from './testSigner';

const ORDER_REFERENCE = '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_ORDER_REFERENCE_DATA_';
const START = Date.UTC(2024, 7, 1, 12, 0, 0);

let emulator: Emulator;

beforeAll(async () => {
	emulator = await startEmulator({ now: () => START, processingDelayMs: 0 });
});
afterAll(async () => emulator.close());
beforeEach(() => emulator.reset());

const getReports = () => callApi(emulator, { method: 'GET', path: '/v2/reports' });

async function download(url: string) {
	const response = await request(url);
	return { status: response.statusCode, headers: response.headers, text: await response.body.text() };
}

function seededDocumentUrl(rows = 200): string {
	const report = emulator.seedReport({ reportType: ORDER_REFERENCE, documentRows: rows });
	return emulator.documentUrlFor(report.reportId);
}

describe('throttle', () => {
	it('answers 429 TooManyRequests past the burst, without Retry-After, and refills', async () => {
		emulator.setThrottle({ ratePerSecond: 1, burst: 2 });

		expect((await getReports()).status).toBe(200);
		expect((await getReports()).status).toBe(200);
		const throttled = await getReports();
		expect(throttled.status).toBe(429);
		expect(throttled.body).toEqual({ reasonCode: 'TooManyRequests', message: expect.any(String) });
		expect(throttled.headers['retry-after']).toBeUndefined();

		emulator.advanceClock(999);
		expect((await getReports()).status).toBe(429);
		emulator.advanceClock(1);
		expect((await getReports()).status).toBe(200);
		expect((await getReports()).status).toBe(429);
		expect(emulator.requests().map((entry) => entry.status)).toEqual([200, 200, 429, 429, 200, 429]);
	});

	it('keeps one bucket per public key ID', async () => {
		emulator.setThrottle({ ratePerSecond: 0, burst: 1 });
		const other = await control(emulator, 'POST', 'keys', {});

		expect((await getReports()).status).toBe(200);
		expect((await getReports()).status).toBe(429);
		const otherKey = await callApi(emulator, {
			method: 'GET',
			path: '/v2/reports',
			publicKeyId: other.body.publicKeyId,
			privateKeyPem: other.body.privateKeyPem,
		});
		expect(otherKey.status).toBe(200);
	});

	it('is switched through the control endpoint, with Retry-After when asked, and off again', async () => {
		const set = await control(emulator, 'POST', 'throttle', {
			ratePerSecond: 0,
			burst: 0,
			retryAfterSeconds: 3,
		});
		expect(set.status).toBe(200);
		const throttled = await getReports();
		expect(throttled.status).toBe(429);
		expect(throttled.headers['retry-after']).toBe('3');

		await control(emulator, 'DELETE', 'throttle');
		expect((await getReports()).status).toBe(200);

		emulator.setThrottle({ ratePerSecond: 0, burst: 0 });
		emulator.reset();
		expect((await getReports()).status).toBe(200);
	});

	it('refuses settings it cannot use', async () => {
		const answer = await control(emulator, 'POST', 'throttle', { ratePerSecond: -1, burst: 1 });
		expect(answer.status).toBe(400);
		expect(() => emulator.setThrottle({ ratePerSecond: 1, burst: 1.5 })).toThrow('burst');
	});
});

describe('clock skew', () => {
	it('refuses a client date ahead of a clock moved back', async () => {
		const clientDate = compactDate(START);
		emulator.advanceClock(-2 * 60_000);

		const answer = await callApi(emulator, { method: 'GET', path: '/v2/reports', date: clientDate });
		expect(answer.status).toBe(400);
		expect(answer.body).toEqual({
			reasonCode: 'InvalidHeaderValue',
			message: 'x-amz-pay-date should not be in future',
		});

		const moved = await control(emulator, 'POST', 'clock', { advanceMs: 2 * 60_000 });
		expect(moved.body.now).toBe(START);
		expect((await callApi(emulator, { method: 'GET', path: '/v2/reports', date: clientDate })).status).toBe(200);
	});
});

describe('document faults', () => {
	it('truncates: full content-length, part of the body, then a closed connection', async () => {
		const url = seededDocumentUrl();
		emulator.addFault({ action: 'truncate', afterBytes: 1000 });

		const response = await request(url);
		expect(response.statusCode).toBe(200);
		const contentLength = Number(response.headers['content-length']);
		expect(contentLength).toBeGreaterThan(10_000);

		let received = 0;
		await expect(
			(async () => {
				for await (const chunk of response.body) received += (chunk as Buffer).length;
			})(),
		).rejects.toThrow();
		expect(received).toBe(1000);
		expect(emulator.requests().at(-1)).toMatchObject({ fault: 'truncate', dropped: true });

		const whole = await download(url);
		expect(Buffer.byteLength(whole.text)).toBe(contentLength);
	});

	it('expires the next N document URLs, whatever their age', async () => {
		const url = seededDocumentUrl();
		await control(emulator, 'POST', 'faults', { action: 'expire', times: 2 });

		for (let attempt = 0; attempt < 2; attempt++) {
			const expired = await download(url);
			expect(expired.status).toBe(403);
			expect(expired.headers['content-type']).toBe('application/xml');
			expect(expired.text).toContain('<Code>AccessDenied</Code><Message>Request has expired</Message>');
		}
		expect((await download(url)).status).toBe(200);
	});

	it('stalls a body after the headers when slow', async () => {
		const url = seededDocumentUrl(20);
		emulator.addFault({ action: 'slow', delayMs: 300, afterBytes: 100 });

		const started = Date.now();
		const response = await request(url);
		const headersAfter = Date.now() - started;
		const text = await response.body.text();

		expect(headersAfter).toBeLessThan(250);
		expect(Date.now() - started).toBeGreaterThanOrEqual(280);
		expect(Buffer.byteLength(text)).toBe(Number(response.headers['content-length']));
	});

	it('serves the whole body without a content-length when unsized', async () => {
		const url = seededDocumentUrl(20);
		const sized = await download(url);
		emulator.addFault({ action: 'unsized' });

		const unsized = await download(url);
		expect(unsized.status).toBe(200);
		expect(unsized.headers['content-length']).toBeUndefined();
		expect(unsized.headers['transfer-encoding']).toBe('chunked');
		expect(unsized.text).toBe(sized.text);
		expect(emulator.requests().at(-1)).toMatchObject({ fault: 'unsized', status: 200 });
		expect((await download(url)).headers['content-length']).toBe(sized.headers['content-length']);
	});

	it('answers an injected status on a download as S3 XML', async () => {
		const url = seededDocumentUrl(5);
		emulator.addFault({ match: { path: '/__documents/*' }, action: 'status', status: 503 });

		const failed = await download(url);
		expect(failed.status).toBe(503);
		expect(failed.text).toContain('<Code>SlowDown</Code>');
		expect((await download(url)).status).toBe(200);
	});

	it('keeps API rules away from downloads and download rules away from the API', async () => {
		const url = seededDocumentUrl(5);
		emulator.addFault({ action: 'status', status: 500, times: 5 });
		emulator.addFault({ action: 'expire', times: 5 });

		expect((await getReports()).status).toBe(500);
		expect((await download(url)).status).toBe(403);
		emulator.clearFaults();
		expect((await getReports()).status).toBe(200);
	});

	it('refuses dropAfterCommit on downloads', () => {
		expect(() =>
			emulator.addFault({ match: { path: '/__documents/*' }, action: 'dropAfterCommit' }),
		).toThrow('API calls only');
	});
});

describe('hung answers', () => {
	it('ends a delayed answer and a stalled download promptly when the emulator closes', async () => {
		const countTimers = () =>
			process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;
		const timersBefore = countTimers();
		const own = await startEmulator({ processingDelayMs: 0 });
		own.addFault({ action: 'delay', delayMs: 60_000 });
		const report = own.seedReport({ reportType: ORDER_REFERENCE });
		const url = own.documentUrlFor(report.reportId);
		own.addFault({ action: 'slow', delayMs: 60_000, afterBytes: 10 });

		const hungCall = callApi(own, { method: 'GET', path: '/v2/reports' });
		const stalled = await request(url);
		const stalledBody = stalled.body.text();
		await new Promise((resolve) => setTimeout(resolve, 100));

		const closing = Date.now();
		await own.close();
		await expect(hungCall).rejects.toThrow();
		await expect(stalledBody).rejects.toThrow();
		expect(Date.now() - closing).toBeLessThan(1000);
		// The 60 s waits are cancelled, not left to keep the process alive. The HTTP client's own
		// short timers (keep-alive, its timeout ticker) may outlive the close by a few seconds.
		const settledBy = Date.now() + 6_000;
		while (countTimers() > timersBefore && Date.now() < settledBy) {
			await new Promise((resolve) => setTimeout(resolve, 50));
		}
		expect(countTimers()).toBeLessThanOrEqual(timersBefore);
	}, 15_000);
});
