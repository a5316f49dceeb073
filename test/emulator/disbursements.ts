// Disbursements: the payouts of settlements to the merchant's bank account. They are only
// seeded (Amazon makes them, no API call does), and listed by Get Disbursements.

import { randomInt } from 'node:crypto';

import type { Environment } from './constants';
import { readSeedTime } from './dates';
import { SeededRandom } from './documents/random';

/** A disbursement as Amazon Pay returns it. */
export interface Disbursement {
	sellerId: string;
	settlementId: string;
	amazonDisbursementReferenceId: string;
	/** Decimal text with two places, e.g. "1234.56". */
	amount: string;
	currencyCode: string;
	/** Extended ISO 8601 with milliseconds, unlike every other time of the API. */
	transactionTime: string;
}

export interface StoredDisbursement extends Disbursement {
	environment: Environment;
	time: number;
	sequence: number;
}

export interface SeedDisbursementInput extends Partial<Omit<Disbursement, 'amount' | 'transactionTime'>> {
	environment?: Environment;
	/** A number is written with two decimals. */
	amount?: string | number;
	/** Compact or extended UTC time, or milliseconds since the epoch; now when left out. */
	transactionTime?: string | number;
}

export interface GenerateDisbursementsInput {
	/** How many disbursements to make, spread over from..to. */
	generate: number;
	from?: string | number;
	to?: string | number;
	seed?: number;
	environment?: Environment;
	sellerId?: string;
	currencyCode?: string;
}

export type SeedDisbursementsInput =
	| SeedDisbursementInput
	| SeedDisbursementInput[]
	| GenerateDisbursementsInput;

export const EMULATOR_SELLER_ID = 'A3EMULATORPAY7';

export class DisbursementStore {
	private disbursements: StoredDisbursement[] = [];
	private sequence = 0;

	add(disbursement: Omit<StoredDisbursement, 'sequence'>): StoredDisbursement {
		const stored = { ...disbursement, sequence: ++this.sequence };
		this.disbursements.push(stored);
		return stored;
	}

	/** Oldest first, with transactionTime from startTime up to (not including) endTime. */
	list(environment: Environment, startTime: number, endTime: number): StoredDisbursement[] {
		return this.all().filter(
			(disbursement) =>
				disbursement.environment === environment &&
				disbursement.time >= startTime &&
				disbursement.time < endTime,
		);
	}

	/** Every environment, oldest first. */
	all(): StoredDisbursement[] {
		return [...this.disbursements].sort((a, b) => a.time - b.time || a.sequence - b.sequence);
	}

	clear(): void {
		this.disbursements = [];
	}
}

export function toApiDisbursement(stored: StoredDisbursement): Disbursement {
	return {
		sellerId: stored.sellerId,
		settlementId: stored.settlementId,
		amazonDisbursementReferenceId: stored.amazonDisbursementReferenceId,
		amount: stored.amount,
		currencyCode: stored.currencyCode,
		transactionTime: stored.transactionTime,
	};
}

/** Adds one, several, or `generate` made-up disbursements; returns them as Amazon would. */
export function seedDisbursements(
	store: DisbursementStore,
	input: SeedDisbursementsInput,
	now: number,
): Disbursement[] {
	const inputs = Array.isArray(input)
		? input
		: 'generate' in input
			? generatedInputs(input, now)
			: [input];
	return inputs.map((one) => toApiDisbursement(store.add(storedFrom(one, now))));
}

function storedFrom(input: SeedDisbursementInput, now: number): Omit<StoredDisbursement, 'sequence'> {
	const time = readSeedTime('transactionTime', input.transactionTime) ?? now;
	const amount = typeof input.amount === 'number' ? input.amount.toFixed(2) : (input.amount ?? '100.00');
	if (!/^-?\d+(\.\d+)?$/.test(amount)) throw new Error(`amount '${amount}' is not a decimal number`);

	return {
		environment: input.environment ?? 'sandbox',
		sellerId: input.sellerId ?? EMULATOR_SELLER_ID,
		settlementId: input.settlementId ?? String(randomInt(10_000_000_000, 100_000_000_000)),
		amazonDisbursementReferenceId:
			input.amazonDisbursementReferenceId ??
			`D01-${randomInt(1_000_000, 10_000_000)}-${randomInt(1_000_000, 10_000_000)}`,
		amount,
		currencyCode: input.currencyCode ?? 'USD',
		transactionTime: new Date(time).toISOString(),
		time,
	};
}

function generatedInputs(input: GenerateDisbursementsInput, now: number): SeedDisbursementInput[] {
	const count = input.generate;
	if (!(Number.isInteger(count) && count >= 0 && count <= 100_000)) {
		throw new Error('generate must be a whole number from 0 to 100000');
	}
	const to = readSeedTime('to', input.to) ?? now;
	const from = readSeedTime('from', input.from) ?? to - 30 * 24 * 3600_000;
	if (from > to) throw new Error("'from' must not be after 'to'");

	const random = new SeededRandom(input.seed ?? 1);
	const times = Array.from({ length: count }, () => from + Math.floor(random.next() * (to - from)));
	return times
		.sort((a, b) => a - b)
		.map((time) => ({
			environment: input.environment,
			sellerId: input.sellerId,
			currencyCode: input.currencyCode,
			settlementId: random.digits(11),
			amazonDisbursementReferenceId: `D01-${random.digits(7)}-${random.digits(7)}`,
			amount: random.int(1_000, 2_500_000) / 100,
			transactionTime: time,
		}));
}
