// Deterministic report files shaped like Amazon Pay's: settlement flat files (a block of
// settlement facts, then the transaction table), transaction flat files (a header row, then
// rows) and the multi-currency CSV. Every file is made twice from the same seed: once to
// count its bytes and sum its totals, then again to stream it, so no file is ever held whole.
// Layout: /work/shared/amazon-pay-reports-api.md, "Settlement flat file".

import {
	CAPTURE_REPORT,
	MULTI_CURRENCY_REPORT,
	SANDBOX_SETTLEMENT_REPORT,
	SETTLEMENT_REPORT,
	type Environment,
} from '../constants';
import { SeededRandom } from './random';

export interface FlatFileRequest {
	reportType: string;
	environment: Environment;
	seed: number;
	/** Table rows to write. Ignored when bytes is given. */
	rows?: number;
	/** Rows are added until the file holds about this many bytes. */
	bytes?: number;
	/** The period the report covers; row dates fall inside it. */
	startTime: number;
	endTime: number;
}

export interface FlatFilePlan {
	rows: number;
	/** Exact size in bytes of what flatFileChunks yields. */
	size: number;
	/** The facts block and header line, known once the totals are. */
	preamble: string;
}

const CHUNK_BYTES = 64 * 1024;

/** First pass: how many rows, how many bytes, and the text that goes before the rows. */
export function planFlatFile(request: FlatFileRequest): FlatFilePlan {
	const layout = createLayout(request);
	const random = new SeededRandom(request.seed);
	const target = request.bytes;
	const rowLimit = target === undefined ? (request.rows ?? 0) : Number.POSITIVE_INFINITY;

	let rows = 0;
	let tableBytes = 0;
	while (rows < rowLimit) {
		if (target !== undefined && layout.preambleEstimate + tableBytes >= target) break;
		tableBytes += Buffer.byteLength(layout.row(random, rows));
		rows++;
	}

	const preamble = layout.preamble();
	return { rows, size: Buffer.byteLength(preamble) + tableBytes, preamble };
}

/** Second pass: the file in chunks of about 64 KiB, exactly plan.size bytes in all. */
export function* flatFileChunks(request: FlatFileRequest, plan: FlatFilePlan): Generator<Buffer> {
	const layout = createLayout(request);
	const random = new SeededRandom(request.seed);

	let pending = plan.preamble;
	for (let index = 0; index < plan.rows; index++) {
		pending += layout.row(random, index);
		if (pending.length >= CHUNK_BYTES) {
			yield Buffer.from(pending);
			pending = '';
		}
	}
	if (pending !== '') yield Buffer.from(pending);
}

interface Layout {
	/** Bytes the preamble is expected to take, to stop a byte-sized file near its target. */
	preambleEstimate: number;
	preamble(): string;
	row(random: SeededRandom, index: number): string;
}

function createLayout(request: FlatFileRequest): Layout {
	if (request.reportType === SETTLEMENT_REPORT || request.reportType === SANDBOX_SETTLEMENT_REPORT) {
		return settlementLayout(request);
	}
	if (request.reportType === MULTI_CURRENCY_REPORT) return multiCurrencyLayout(request);
	return transactionLayout(request);
}

// ---- Settlement flat file ----

const SETTLEMENT_COLUMNS = [
	'TransactionPostedDate',
	'SettlementId',
	'AmazonTransactionId',
	'SellerReferenceId',
	'TransactionType',
	'AmazonOrderReferenceId',
	'SellerOrderId',
	'StoreName',
	'CurrencyCode',
	'TransactionAmount',
	'TransactionFixedFee',
	'TransactionPercentageFee',
	'TransactionVariableFee',
	'TotalTransactionFee',
	'NetTransactionAmount',
	'TransactionDescription',
];

// Weighted as a shop sees them: mostly captures, some refunds, the odd dispute.
const SETTLEMENT_TRANSACTION_TYPES = [
	'Capture',
	'Capture',
	'Capture',
	'Capture',
	'Capture',
	'Capture',
	'Refund',
	'Refund',
	'Authorization',
	'Debt',
	'A-to-z Guarantee Claim',
	'Chargeback',
	'Dispute',
	'Adjustment',
];

// Names and notes with the characters a naive CSV reader trips over.
const STORE_NAMES = [
	'Emulator Outfitters',
	'Müller & Söhne, Berlin',
	'The "Good" Shop',
	'Kaffeehaus am Markt',
];
const DESCRIPTIONS = [
	'',
	'',
	'',
	'',
	'Partial refund, item damaged',
	'Customer wrote: "arrived late"',
	'Chargeback reviewed\nsee case notes',
	'Adjustment for order, shipping "express"',
];

function settlementLayout(request: FlatFileRequest): Layout {
	const facts = new SeededRandom(request.seed ^ 0x5e771e);
	const sellerId = sellerIdFor(facts);
	const settlementId = facts.digits(11);
	const currencyCode = 'USD';
	const orderPrefix = request.environment === 'sandbox' ? 'S01' : 'P01';
	const clock = new RowClock(request.startTime, request.endTime);
	const totals = { amount: 0, fee: 0, net: 0 };

	const factRows: Array<[string, () => string]> = [
		['SellerId', () => sellerId],
		['SettlementId', () => settlementId],
		['SettlementStartDate', () => formatPacificTime(request.startTime)],
		['SettlementEndDate', () => formatPacificTime(request.endTime)],
		['DepositDate', () => formatPacificTime(request.endTime + 2 * 24 * 3600_000)],
		['CurrencyCode', () => currencyCode],
		['TotalTransactionAmount', () => formatCents(totals.amount)],
		['TotalTransactionFee', () => formatCents(totals.fee)],
		['TotalAmount', () => formatCents(totals.net)],
	];
	const header = quotedLine(SETTLEMENT_COLUMNS);

	return {
		preambleEstimate: 400 + header.length,
		preamble: () =>
			factRows.map(([name, value]) => quotedLine([name, value()])).join('') + '\n' + header,
		row(random, index) {
			const transactionType = random.pick(SETTLEMENT_TRANSACTION_TYPES);
			const orderReferenceId = `${orderPrefix}-${random.digits(7)}-${random.digits(7)}`;
			const money = settlementMoney(random, transactionType);
			totals.amount += money.amount;
			totals.fee += money.totalFee;
			totals.net += money.amount + money.totalFee;

			const orderNumber = String(index + 1).padStart(6, '0');
			// Some merchants put gift notes into their order IDs; the comma must stay quoted.
			const sellerOrderId =
				random.next() < 0.1 ? `ORD-${orderNumber}, gift` : `ORD-${orderNumber}`;
			return quotedLine([
				formatPacificTime(clock.next(random)),
				settlementId,
				`${orderReferenceId}-${transactionType[0]}${random.digits(7)}`,
				`${transactionType.slice(0, 3).toLowerCase()}-${orderNumber}`,
				transactionType,
				orderReferenceId,
				sellerOrderId,
				random.pick(STORE_NAMES),
				currencyCode,
				formatCents(money.amount),
				formatCents(money.fixedFee),
				formatCents(money.percentageFee),
				formatCents(0),
				formatCents(money.totalFee),
				formatCents(money.amount + money.totalFee),
				random.pick(DESCRIPTIONS),
			]);
		},
	};
}

interface SettlementMoney {
	amount: number;
	fixedFee: number;
	percentageFee: number;
	totalFee: number;
}

// Amounts in cents: a capture pays 0.30 plus 2.9 %, a refund gives the percentage back.
function settlementMoney(random: SeededRandom, transactionType: string): SettlementMoney {
	const gross = random.int(499, 49_999);
	const percentageFee = Math.round(gross * 0.029);

	switch (transactionType) {
		case 'Capture':
			return { amount: gross, fixedFee: -30, percentageFee: -percentageFee, totalFee: -30 - percentageFee };
		case 'Refund':
			return { amount: -gross, fixedFee: 0, percentageFee, totalFee: percentageFee };
		case 'Authorization':
			return { amount: 0, fixedFee: 0, percentageFee: 0, totalFee: 0 };
		case 'Adjustment':
			return { amount: random.int(-2000, 2000), fixedFee: 0, percentageFee: 0, totalFee: 0 };
		default:
			// Debt, claims, chargebacks and disputes take money back, sometimes with a fee.
			return { amount: -gross, fixedFee: -1500, percentageFee: 0, totalFee: -1500 };
	}
}

// ---- Transaction flat files ----

interface TransactionColumns {
	idColumn: string;
	idSuffix: string;
	referenceColumn: string;
	statusColumn: string;
	statuses: string[];
	amountColumn: string;
	noteColumn: string;
}

const TRANSACTION_COLUMNS: Record<string, TransactionColumns> = {
	_GET_FLAT_FILE_OFFAMAZONPAYMENTS_ORDER_REFERENCE_DATA_: {
		idColumn: 'AmazonOrderReferenceId',
		idSuffix: '',
		referenceColumn: 'SellerOrderId',
		statusColumn: 'OrderReferenceStatus',
		statuses: ['Open', 'Closed', 'Closed', 'Canceled', 'Suspended'],
		amountColumn: 'OrderTotal',
		noteColumn: 'SellerNote',
	},
	_GET_FLAT_FILE_OFFAMAZONPAYMENTS_BILLING_AGREEMENT_DATA_: {
		idColumn: 'AmazonBillingAgreementId',
		idSuffix: '',
		referenceColumn: 'SellerBillingAgreementId',
		statusColumn: 'BillingAgreementStatus',
		statuses: ['Open', 'Open', 'Closed', 'Suspended'],
		amountColumn: 'BillingAgreementLimit',
		noteColumn: 'SellerNote',
	},
	_GET_FLAT_FILE_OFFAMAZONPAYMENTS_AUTHORIZATION_DATA_: {
		idColumn: 'AmazonAuthorizationId',
		idSuffix: 'A',
		referenceColumn: 'AuthorizationReferenceId',
		statusColumn: 'AuthorizationStatus',
		statuses: ['Closed', 'Closed', 'Open', 'Declined', 'Pending'],
		amountColumn: 'AuthorizationAmount',
		noteColumn: 'SellerAuthorizationNote',
	},
	[CAPTURE_REPORT]: {
		idColumn: 'AmazonCaptureId',
		idSuffix: 'C',
		referenceColumn: 'CaptureReferenceId',
		statusColumn: 'CaptureStatus',
		statuses: ['Completed', 'Completed', 'Closed', 'Declined'],
		amountColumn: 'CaptureAmount',
		noteColumn: 'SellerCaptureNote',
	},
	_GET_FLAT_FILE_OFFAMAZONPAYMENTS_REFUND_DATA_: {
		idColumn: 'AmazonRefundId',
		idSuffix: 'R',
		referenceColumn: 'RefundReferenceId',
		statusColumn: 'RefundStatus',
		statuses: ['Completed', 'Completed', 'Pending', 'Declined'],
		amountColumn: 'RefundAmount',
		noteColumn: 'SellerRefundNote',
	},
};

const STATUS_REASON_CODES = ['', '', '', 'MaxCapturesProcessed', 'SellerClosed', 'Expired'];

function transactionLayout(request: FlatFileRequest): Layout {
	const columns =
		TRANSACTION_COLUMNS[request.reportType] ??
		TRANSACTION_COLUMNS._GET_FLAT_FILE_OFFAMAZONPAYMENTS_ORDER_REFERENCE_DATA_;
	const orderPrefix = request.environment === 'sandbox' ? 'S01' : 'P01';
	const clock = new RowClock(request.startTime, request.endTime);
	const header = quotedLine([
		columns.idColumn,
		...(columns.idColumn === 'AmazonOrderReferenceId' ? [] : ['AmazonOrderReferenceId']),
		columns.referenceColumn,
		'StoreName',
		'CreationTimestamp',
		'LastUpdateTimestamp',
		columns.statusColumn,
		'StatusReasonCode',
		'CurrencyCode',
		columns.amountColumn,
		columns.noteColumn,
	]);

	return {
		preambleEstimate: header.length,
		preamble: () => header,
		row(random, index) {
			const orderReferenceId = `${orderPrefix}-${random.digits(7)}-${random.digits(7)}`;
			const createdAt = clock.next(random);
			const id = columns.idSuffix
				? `${orderReferenceId}-${columns.idSuffix}${random.digits(7)}`
				: orderReferenceId;
			return quotedLine([
				id,
				...(columns.idColumn === 'AmazonOrderReferenceId' ? [] : [orderReferenceId]),
				`${columns.referenceColumn.slice(0, 3).toLowerCase()}-${String(index + 1).padStart(6, '0')}`,
				random.pick(STORE_NAMES),
				formatPacificTime(createdAt),
				formatPacificTime(createdAt + random.int(1, 72) * 3600_000),
				random.pick(columns.statuses),
				random.pick(STATUS_REASON_CODES),
				'USD',
				formatCents(random.int(499, 49_999)),
				random.pick(DESCRIPTIONS),
			]);
		},
	};
}

// ---- Multi-currency CSV ----

const MULTI_CURRENCY_COLUMNS = [
	'AmazonTransactionId',
	'TransactionType',
	'TransactionDate',
	'AmazonOrderReferenceId',
	'SellerOrderId',
	'PresentmentCurrency',
	'PresentmentAmount',
	'SettlementCurrency',
	'SettlementAmount',
	'ExchangeRate',
	'SellerNote',
];

// Units of the settlement currency (USD) one unit of the presentment currency buys.
const EXCHANGE_RATES: Array<[string, number]> = [
	['EUR', 1.0842],
	['GBP', 1.2687],
	['JPY', 0.0067],
	['CAD', 0.7311],
	['AUD', 0.6602],
];

// A plain CSV, unlike the flat files: fields are quoted only where they have to be.
function multiCurrencyLayout(request: FlatFileRequest): Layout {
	const orderPrefix = request.environment === 'sandbox' ? 'S01' : 'P01';
	const clock = new RowClock(request.startTime, request.endTime);
	const header = MULTI_CURRENCY_COLUMNS.join(',') + '\n';

	return {
		preambleEstimate: header.length,
		preamble: () => header,
		row(random, index) {
			const orderReferenceId = `${orderPrefix}-${random.digits(7)}-${random.digits(7)}`;
			const capture = random.next() < 0.85;
			const [currency, rate] = random.pick(EXCHANGE_RATES);
			// Yen have no minor unit: a yen amount is whole yen, the others are in cents.
			const wholeUnits = currency === 'JPY';
			const amount = random.int(wholeUnits ? 500 : 499, wholeUnits ? 50_000 : 49_999);
			const presentment = capture ? amount : -amount;
			const settlementCents = Math.round((wholeUnits ? presentment : presentment / 100) * rate * 100);
			return minimalCsvLine([
				`${orderReferenceId}-${capture ? 'C' : 'R'}${random.digits(7)}`,
				capture ? 'Capture' : 'Refund',
				new Date(clock.next(random)).toISOString(),
				orderReferenceId,
				`ORD-${String(index + 1).padStart(6, '0')}`,
				currency,
				wholeUnits ? String(presentment) : formatCents(presentment),
				'USD',
				formatCents(settlementCents),
				rate.toFixed(4),
				random.pick(DESCRIPTIONS),
			]);
		},
	};
}

// ---- Shared pieces ----

/** Row dates that mostly rise through the period and start over at its end. */
class RowClock {
	private time: number;

	constructor(
		private readonly startTime: number,
		private readonly endTime: number,
	) {
		this.time = startTime;
	}

	next(random: SeededRandom): number {
		this.time += random.int(1, 900) * 1000;
		if (this.time > this.endTime) this.time = this.startTime;
		return this.time;
	}
}

function sellerIdFor(random: SeededRandom): string {
	const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
	let id = 'A';
	for (let i = 0; i < 13; i++) id += alphabet[random.int(0, alphabet.length - 1)];
	return id;
}

function quotedLine(fields: string[]): string {
	let line = '';
	for (let i = 0; i < fields.length; i++) {
		const field = fields[i];
		line += (i === 0 ? '"' : ',"') + (field.includes('"') ? field.replace(/"/g, '""') : field) + '"';
	}
	return line + '\n';
}

function minimalCsvLine(fields: string[]): string {
	return (
		fields
			.map((field) => (/[",\r\n]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field))
			.join(',') + '\n'
	);
}

function formatCents(cents: number): string {
	const sign = cents < 0 ? '-' : '';
	const absolute = Math.abs(cents);
	return `${sign}${Math.floor(absolute / 100)}.${String(absolute % 100).padStart(2, '0')}`;
}

const DAY_MS = 24 * 3600_000;
const TWO_DIGITS = Array.from({ length: 60 }, (_, n) => String(n).padStart(2, '0'));
let cachedDayStart = Number.NaN;
let cachedDayText = '';

/** Pacific daylight time with a numeric offset, as the flat files write dates. */
export function formatPacificTime(ms: number): string {
	// Formatting a Date per row is the slowest step of a large file; rows of one day share
	// the date part, so only the time of day is worked out per row.
	const local = ms - 7 * 3600_000;
	const dayStart = Math.floor(local / DAY_MS) * DAY_MS;
	if (dayStart !== cachedDayStart) {
		cachedDayStart = dayStart;
		cachedDayText = new Date(dayStart).toISOString().slice(0, 11);
	}
	const seconds = Math.floor((local - dayStart) / 1000);
	const hours = Math.floor(seconds / 3600);
	const minutes = Math.floor(seconds / 60) % 60;
	return (
		cachedDayText +
		TWO_DIGITS[hours] +
		':' +
		TWO_DIGITS[minutes] +
		':' +
		TWO_DIGITS[seconds % 60] +
		'-0700'
	);
}
