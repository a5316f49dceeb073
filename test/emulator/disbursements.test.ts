import { startEmulator, type Emulator } from './index';
import { callApi, control } from './testClient';

// 2024-09-01T00:00:00Z
const START = Date.UTC(2024, 8, 1);

let emulator: Emulator;

beforeAll(async () => {
	emulator = await startEmulator({ now: () => START });
});
afterAll(async () => emulator.close());
beforeEach(() => emulator.reset());

const getDisbursements = (query: Record<string, string>) =>
	callApi(emulator, { method: 'GET', path: '/v2/disbursements', query });

const AUGUST = { startTime: '20240801T000000Z', endTime: '20240901T000000Z' };

describe('Get Disbursements', () => {
	it('answers a seeded disbursement exactly, with an extended ISO time range too', async () => {
		const disbursement = {
			sellerId: 'A1EXAMPLESELLER',
			settlementId: '12345678901',
			amazonDisbursementReferenceId: 'D01-1234567-7654321',
			amount: '1234.56',
			currencyCode: 'EUR',
			transactionTime: '2024-08-01T10:15:30.123Z',
		};
		expect(emulator.seedDisbursements(disbursement)).toEqual([disbursement]);

		const answer = await getDisbursements({
			startTime: '2024-08-01T10:15:30.123Z',
			endTime: '2024-08-01T10:15:31Z',
		});
		expect(answer.status).toBe(200);
		expect(answer.body).toEqual({ disbursements: [disbursement] });

		const after = await getDisbursements({
			startTime: '20240801T101531Z',
			endTime: '20240802T000000Z',
		});
		expect(after.body).toEqual({ disbursements: [] });
	});

	it('pages through generated disbursements, oldest first, on a stable snapshot', async () => {
		const seeded = await control(emulator, 'POST', 'disbursements', {
			generate: 25,
			from: '20240801T000000Z',
			to: '20240831T000000Z',
			seed: 7,
		});
		expect(seeded.status).toBe(201);
		expect(seeded.body.disbursements).toHaveLength(25);

		const first = await getDisbursements({ ...AUGUST, pageSize: '10' });
		expect(first.body.disbursements).toHaveLength(10);
		expect(first.body.nextToken).toEqual(expect.any(String));
		const item = first.body.disbursements[0];
		expect(item).toEqual({
			sellerId: expect.stringMatching(/^A[A-Z0-9]{13}$/),
			settlementId: expect.stringMatching(/^\d{11}$/),
			amazonDisbursementReferenceId: expect.any(String),
			amount: expect.stringMatching(/^\d+\.\d{2}$/),
			currencyCode: 'USD',
			transactionTime: expect.stringMatching(/^2024-08-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
		});

		// Added after the first page: not part of this listing.
		emulator.seedDisbursements({ transactionTime: '20240801T000000Z' });

		const second = await getDisbursements({ nextToken: first.body.nextToken });
		const third = await getDisbursements({ nextToken: second.body.nextToken });
		expect(second.body.disbursements).toHaveLength(10);
		expect(third.body.disbursements).toHaveLength(5);
		expect(third.body.nextToken).toBeUndefined();

		const times = [first, second, third].flatMap((page) =>
			page.body.disbursements.map((d: { transactionTime: string }) => d.transactionTime),
		);
		expect(times).toEqual(seeded.body.disbursements.map((d: { transactionTime: string }) => d.transactionTime));
		expect([...times].sort()).toEqual(times);
	});

	it('uses a page size of 10 by default', async () => {
		emulator.seedDisbursements({ generate: 12, from: '20240801T000000Z', to: '20240802T000000Z' });
		const page = await getDisbursements(AUGUST);
		expect(page.body.disbursements).toHaveLength(10);
	});

	it.each([
		[{ endTime: AUGUST.endTime }, 'MissingParameterValue', 'startTime'],
		[{ startTime: AUGUST.startTime }, 'MissingParameterValue', 'endTime'],
		[{ ...AUGUST, pageSize: '101' }, 'InvalidParameterValue', 'pageSize'],
		[{ ...AUGUST, pageSize: '0' }, 'InvalidParameterValue', 'pageSize'],
		[{ startTime: '2024-08-01', endTime: AUGUST.endTime }, 'InvalidParameterValue', 'startTime'],
		[{ startTime: AUGUST.endTime, endTime: AUGUST.startTime }, 'InvalidParameterValue', 'endTime'],
		[{ nextToken: 'not-a-token' }, 'InvalidParameterValue', 'nextToken'],
	])('refuses %j with %s', async (query, reasonCode, inMessage) => {
		const answer = await getDisbursements(query);
		expect(answer.status).toBe(400);
		expect(answer.body.reasonCode).toBe(reasonCode);
		expect(answer.body.message).toContain(inMessage);
	});

	it('refuses a nextToken sent with other parameters than its first page', async () => {
		emulator.seedDisbursements({ generate: 3, from: '20240801T000000Z', to: '20240802T000000Z' });
		const first = await getDisbursements({ ...AUGUST, pageSize: '1' });
		const changed = await getDisbursements({ nextToken: first.body.nextToken, pageSize: '2' });
		expect(changed.status).toBe(400);
		expect(changed.body.reasonCode).toBe('InvalidParameterCombination');

		const same = await getDisbursements({ nextToken: first.body.nextToken, ...AUGUST, pageSize: '1' });
		expect(same.status).toBe(200);
		expect(same.body.disbursements).toHaveLength(1);
	});
});
