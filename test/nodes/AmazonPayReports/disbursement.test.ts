import type { IDataObject } from 'n8n-workflow';

import { startEmulator, type Disbursement, type Emulator } from '../../emulator';
import { runWorkflow } from '../../runner';
import { emulatorCredentials } from '../../support/emulatorCredentials';
import { apiCalls, queryOf } from '../../support/servedDocuments';
import { singleNodeWorkflow } from '../../support/workflows';

process.env.NO_PROXY = '127.0.0.1,localhost';

const FROM = '2024-07-01T00:00:00Z';
const UNTIL = '2024-08-01T00:00:00Z';

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

const listDisbursements = (parameters: IDataObject) =>
	runWorkflow(
		singleNodeWorkflow({ resource: 'disbursement', operation: 'getMany', startTime: FROM, endTime: UNTIL, ...parameters }),
		{ credentials: { amazonPayApi: emulatorCredentials(emulator) } },
	);

/** What Amazon holds for the range, oldest first: the order Get Disbursements pages through. */
function inRange(from = FROM, until = UNTIL): Disbursement[] {
	const [start, end] = [Date.parse(from), Date.parse(until)];
	return emulator.disbursements().filter((disbursement) => {
		const time = Date.parse(disbursement.transactionTime);
		return time >= start && time < end;
	});
}

const disbursementCalls = () => apiCalls(emulator, '/v2/disbursements');

beforeEach(() => {
	// 250 in the range, and some on either side that must not show up.
	emulator.seedDisbursements({ generate: 250, from: FROM, to: UNTIL, seed: 11 });
	emulator.seedDisbursements({ generate: 15, from: '2024-06-01T00:00:00Z', to: '2024-06-30T23:59:59Z', seed: 12 });
	emulator.seedDisbursements({ generate: 15, from: '2024-08-01T00:00:00Z', to: '2024-08-20T00:00:00Z', seed: 13 });
	emulator.seedDisbursements({ transactionTime: UNTIL, amount: 1, settlementId: 'ON-THE-END-TIME' });
});

describe('Disbursement: Get Many', () => {
	it('Return All pages through every disbursement of the range: none twice, none skipped, in order', async () => {
		const result = await listDisbursements({ returnAll: true });

		expect(result.status).toBe('success');
		const listed = result.outputs['Amazon Pay'].map((item) => item.json);
		const expected = inRange();
		expect(expected).toHaveLength(250);
		expect(listed).toEqual(expected);
		expect(new Set(listed.map((item) => item.amazonDisbursementReferenceId)).size).toBe(250);
		expect(listed.some((item) => item.settlementId === 'ON-THE-END-TIME')).toBe(false);
		expect(listed[0]).toEqual({
			sellerId: expect.any(String),
			settlementId: expect.stringMatching(/^\d{11}$/),
			amazonDisbursementReferenceId: expect.stringMatching(/^D01-/),
			amount: expect.stringMatching(/^\d+\.\d{2}$/),
			currencyCode: 'USD',
			transactionTime: expect.stringMatching(/^2024-07-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
		});
	});

	it("asks for each later page with a new nextToken, repeating nothing but the first page's range", async () => {
		await listDisbursements({ returnAll: true });

		const calls = disbursementCalls();
		expect(calls.map((call) => call.status)).toEqual([200, 200, 200]);
		const queries = calls.map((call) => Object.fromEntries(queryOf(call)));
		expect(queries[0]).toEqual({ startTime: '20240701T000000Z', endTime: '20240801T000000Z', pageSize: '100' });
		expect(queries[0].nextToken).toBeUndefined();
		for (const query of queries.slice(1)) {
			expect(query.nextToken).toEqual(expect.any(String));
			const { nextToken, ...rest } = query;
			// Whatever else is sent with the token must be what the first page asked for.
			expect(Object.entries(rest).every(([name, value]) => queries[0][name] === value)).toBe(true);
		}
		expect(queries[1].nextToken).not.toBe(queries[2].nextToken);
	});

	it.each([
		[30, 1],
		[100, 1],
		[101, 2],
		[180, 2],
	])('Limit %i: exactly the first that many disbursements, from %i page(s)', async (limit, pages) => {
		const result = await listDisbursements({ returnAll: false, limit });

		expect(result.outputs['Amazon Pay'].map((item) => item.json)).toEqual(inRange().slice(0, limit));
		expect(disbursementCalls()).toHaveLength(pages);
		expect(Object.fromEntries(queryOf(disbursementCalls()[0])).pageSize).toBe(String(Math.min(limit, 100)));
	});

	it('a Limit above what exists returns all of it and stops when Amazon has no next page', async () => {
		const result = await listDisbursements({ returnAll: false, limit: 1000 });

		expect(result.outputs['Amazon Pay']).toHaveLength(250);
		expect(disbursementCalls()).toHaveLength(3);
	});

	it('an empty range returns no items', async () => {
		const result = await listDisbursements({ startTime: '2023-01-01T00:00:00Z', endTime: '2023-02-01T00:00:00Z', returnAll: true });

		expect(result.status).toBe('success');
		expect(result.outputs['Amazon Pay']).toEqual([]);
	});

	it('refuses a range that ends before it starts, before any request', async () => {
		const result = await listDisbursements({ startTime: UNTIL, endTime: FROM, returnAll: true });

		expect(result.status).toBe('error');
		expect(result.error?.message).toMatch(/The Settled Until .* must be after the Settled From/);
		expect(emulator.requests()).toHaveLength(0);
	});
});
