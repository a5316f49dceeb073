// Numbers the editor bounds but an expression or an imported workflow can still set out of range:
// each is refused before any Amazon Pay call, with the field's name and an accepted value.
import type { IDataObject } from 'n8n-workflow';

import { startEmulator, type Emulator } from '../../emulator';
import { runWorkflow } from '../../runner';
import { emulatorCredentials } from '../../support/emulatorCredentials';
import { singleNodeWorkflow } from '../../support/workflows';

process.env.NO_PROXY = '127.0.0.1,localhost';

const ORDER_REFERENCE = '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_ORDER_REFERENCE_DATA_';

let emulator: Emulator;
beforeAll(async () => {
	emulator = await startEmulator({ processingDelayMs: 0 });
});
afterAll(async () => {
	await emulator.close();
});
beforeEach(() => {
	emulator.reset();
});

const run = (parameters: IDataObject) =>
	runWorkflow(singleNodeWorkflow(parameters), {
		credentials: { amazonPayApi: emulatorCredentials(emulator) },
	});

const reportGetMany = (limit: number | string) => ({
	resource: 'report',
	operation: 'getMany',
	returnAll: false,
	limit,
});
const disbursementGetMany = (limit: number | string) => ({
	resource: 'disbursement',
	operation: 'getMany',
	startTime: '2024-08-01T00:00:00Z',
	endTime: '2024-08-31T00:00:00Z',
	returnAll: false,
	limit,
});
const getAndWait = (options: IDataObject) => ({
	resource: 'report',
	operation: 'get',
	reportId: 'seeded',
	waitForCompletion: true,
	options,
});
const getWithRequestOptions = (requestOptions: IDataObject) => ({
	resource: 'report',
	operation: 'get',
	reportId: 'seeded',
	requestOptions,
});

describe('out-of-range numbers are refused before any call', () => {
	it.each([
		['Get Many reports, Limit 0', reportGetMany(0), 'The Limit "0" must be a whole number of at least 1.', 'For example 50.'],
		['Get Many reports, Limit 1.5', reportGetMany(1.5), 'The Limit "1.5" must be a whole number of at least 1.', 'For example 50.'],
		['Get Many disbursements, Limit -5', disbursementGetMany(-5), 'The Limit "-5" must be a whole number of at least 1.', 'For example 50.'],
		['Max Wait 0', getAndWait({ maxWaitMinutes: 0 }), 'The Max Wait (Minutes) "0" must be a number above 0.', 'For example 15.'],
		['Max Wait -1', getAndWait({ maxWaitMinutes: -1 }), 'The Max Wait (Minutes) "-1" must be a number above 0.', 'For example 15.'],
		['Max Poll Interval 0', getAndWait({ maxPollIntervalSeconds: 0 }), 'The Max Poll Interval (Seconds) "0" must be a number above 0.', 'For example 60.'],
		['Max Attempts 0', getWithRequestOptions({ maxAttempts: 0 }), 'The Max Attempts "0" must be a whole number from 1 to 10.', 'For example 3.'],
		['Timeout 0', getWithRequestOptions({ timeoutSeconds: 0 }), 'The Timeout (Seconds) "0" must be a number above 0 and at most 600.', 'For example 30.'],
		['Timeout -1', getWithRequestOptions({ timeoutSeconds: -1 }), 'The Timeout (Seconds) "-1" must be a number above 0 and at most 600.', 'For example 30.'],
		['Timeout beyond what a timer counts', getWithRequestOptions({ timeoutSeconds: 3_000_000 }), 'The Timeout (Seconds) "3000000" must be a number above 0 and at most 600.', 'For example 30.'],
	])('%s', async (_name, parameters, message, hint) => {
		const seeded = emulator.seedReport({ reportType: ORDER_REFERENCE, processingStatus: 'IN_PROGRESS' });
		const withId = JSON.parse(JSON.stringify(parameters).replace('"seeded"', JSON.stringify(seeded.reportId)));
		const requestsBefore = emulator.requests().length;

		const result = await run(withId);

		expect(result.status).toBe('error');
		expect(result.error?.message).toBe(message);
		expect(result.error?.description).toBe(hint);
		// A wait with a bad option may look at the report once; nothing else goes out.
		const calls = emulator.requests().slice(requestsBefore);
		expect(calls.filter((call) => !call.path.startsWith(`/v2/reports/${seeded.reportId}`))).toHaveLength(0);
	});

	it('a Limit from an expression that gives a numeric string is read as a number', async () => {
		emulator.seedReport({ reportType: ORDER_REFERENCE, processingStatus: 'COMPLETED' });
		emulator.seedReport({ reportType: ORDER_REFERENCE, processingStatus: 'COMPLETED' });
		emulator.seedReport({ reportType: ORDER_REFERENCE, processingStatus: 'COMPLETED' });

		const result = await run(reportGetMany('={{ "2" }}'));

		expect(result.status).toBe('success');
		expect(result.outputs['Amazon Pay']).toHaveLength(2);
	});
});
