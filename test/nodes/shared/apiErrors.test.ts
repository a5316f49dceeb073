import { notFoundTargetOf, summariseApiError } from '../../../nodes/shared/apiErrors';

const notFound = { reasonCode: 'ResourceNotFound', message: 'The requested resource was not found.' };

describe('404 advice fits what was asked for', () => {
	it.each([
		['/v2/reports/A1B2C3', 'report', /^Check the reportId; reports are kept for 90 days/],
		['/v2/report-documents/amzn1.tortuga.4.na.X', 'reportDocument', /^Check the reportDocumentId: take it from a COMPLETED report/],
		['/v2/report-schedules/123456789012', 'reportSchedule', /^Check the reportScheduleId \(Report Schedule > Get Many lists the current ones\); a cancelled schedule no longer exists/],
		['/v2/reports', 'list', /^Amazon Pay did not find this address: check the Region/],
		['/v2/disbursements', 'list', /^Amazon Pay did not find this address/],
		[undefined, 'other', /^Check the ID, and that it belongs to this Environment/],
	])('%s', (path, target, advice) => {
		expect(notFoundTargetOf(path)).toBe(target);

		const summary = summariseApiError(404, notFound, path);

		expect(summary.message).toBe('Amazon Pay has no such item');
		const [amazonSays, ours] = summary.description.split(/(?<=not found)\. /);
		expect(amazonSays).toBe('Amazon Pay answered 404 ResourceNotFound: The requested resource was not found');
		expect(ours).toMatch(advice);
	});

	it.each(['/v2/report-schedules/1', '/v2/report-documents/1', '/v2/disbursements'])(
		'only reports are said to be kept 90 days, not %s',
		(path) => {
			expect(summariseApiError(404, notFound, path).description).not.toMatch(/reports are kept/);
		},
	);
});

describe('DuplicateIdempotencyKey', () => {
	it("says the key was used for a different request and that each item needs its own, naming the 'Idempotency Key' option", () => {
		const summary = summariseApiError(
			400,
			{ reasonCode: 'DuplicateIdempotencyKey', message: 'The idempotency key was already used.' },
			'/v2/reports',
		);

		expect(summary.message).toBe('This Idempotency Key was already used for a different request');
		expect(summary.description).toMatch(/^Amazon Pay answered 400 DuplicateIdempotencyKey: /);
		expect(summary.description).toContain("each item needs its own key: leave the 'Idempotency Key' option empty");
		expect(summary.description).toContain("an expression with the item's values");
	});
});
