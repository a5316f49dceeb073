import { AmazonPayInputError } from './errors';

export interface ReportTypeInfo {
	value: string;
	name: string;
	description: string;
	/** Whether Create Report accepts it; the reason when not. */
	notCreatableBecause?: string;
	/** Whether Create Report Schedule accepts it; the reason when not. */
	notSchedulableBecause?: string;
}

// "Reports" page of the Amazon Pay API v2 docs, report types table.
export const REPORT_TYPES: ReportTypeInfo[] = [
	{
		value: '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_SETTLEMENT_DATA_',
		name: 'Settlement (Live)',
		description: 'Every transaction and fee of one settlement period; Amazon creates it with each payout',
		notCreatableBecause:
			'Amazon Pay creates live settlement reports itself with each settlement; list them with Get Many instead',
		notSchedulableBecause:
			'Amazon Pay creates live settlement reports itself with each settlement; watch for them with the trigger instead',
	},
	{
		value: '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_SANDBOX_SETTLEMENT_DATA_',
		name: 'Settlement (Sandbox)',
		description: 'A settlement report of sandbox transactions; created on request',
	},
	{
		value: '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_ORDER_REFERENCE_DATA_',
		name: 'Order Reference (Transactions)',
		description: 'Orders (checkout sessions / order references) in a time range',
	},
	{
		value: '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_BILLING_AGREEMENT_DATA_',
		name: 'Billing Agreement (Transactions)',
		description: 'Recurring-payment agreements (charge permissions) in a time range',
	},
	{
		value: '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_AUTHORIZATION_DATA_',
		name: 'Authorization (Transactions)',
		description: 'Payment authorizations in a time range',
	},
	{
		value: '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_REFUND_DATA_',
		name: 'Refund (Transactions)',
		description: 'Refunds in a time range',
	},
	{
		value: '_GET_CSV_CUSTOM_OFFAMAZONPAYMENTS_MULTI_CURRENCY_PAYMENTS_DATA_',
		name: 'Multi-Currency Payments',
		description: 'Payments made in a currency other than the ledger currency',
		notSchedulableBecause: 'Amazon Pay does not schedule multi-currency reports; create them on demand',
	},
	{
		value: '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_CAPTURE_DATA_',
		name: 'Capture (Transactions)',
		description: 'Listed by Amazon but not served through the API',
		notCreatableBecause:
			'Amazon Pay lists capture reports but does not serve them through the API; use the settlement report, which includes captures',
		notSchedulableBecause:
			'Amazon Pay lists capture reports but does not serve them through the API; use the settlement report, which includes captures',
	},
];

export const SETTLEMENT_REPORT_TYPES = [
	'_GET_FLAT_FILE_OFFAMAZONPAYMENTS_SETTLEMENT_DATA_',
	'_GET_FLAT_FILE_OFFAMAZONPAYMENTS_SANDBOX_SETTLEMENT_DATA_',
];

/** The report type that `value` names, matched as Amazon writes types: trimmed, upper case. */
export function findReportType(value: string): ReportTypeInfo | undefined {
	const wanted = value.trim().toUpperCase();
	return REPORT_TYPES.find((type) => type.value === wanted);
}

/** Refuses, before any request, a type Amazon Pay will not create or schedule. */
export function assertReportTypeAllowed(
	value: string,
	purpose: 'create' | 'schedule',
	field = 'Report Type',
): string {
	const type = findReportType(value);
	if (!type) {
		throw new AmazonPayInputError(
			field,
			`The ${field} "${value}" is not an Amazon Pay report type.`,
			'Pick one from the list, e.g. _GET_FLAT_FILE_OFFAMAZONPAYMENTS_ORDER_REFERENCE_DATA_.',
		);
	}
	const refusal = purpose === 'create' ? type.notCreatableBecause : type.notSchedulableBecause;
	if (refusal) {
		throw new AmazonPayInputError(
			field,
			`A ${type.name} report cannot be ${purpose === 'create' ? 'created' : 'scheduled'}: ${refusal}.`,
			'For example _GET_FLAT_FILE_OFFAMAZONPAYMENTS_ORDER_REFERENCE_DATA_.',
		);
	}
	return type.value;
}
