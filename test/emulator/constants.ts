// Facts of the Amazon Pay Reports API v2 that the emulator enforces, kept in one place.
// Source: /work/shared/amazon-pay-reports-api.md (gathered from Amazon's docs and SDKs).

export type Region = 'na' | 'eu' | 'jp';
export type Environment = 'sandbox' | 'live';

export const SIGNATURE_ALGORITHMS: Record<string, { saltLength: number }> = {
	'AMZN-PAY-RSASSA-PSS-V2': { saltLength: 32 },
	'AMZN-PAY-RSASSA-PSS': { saltLength: 20 },
};

export const REQUIRED_SIGNED_HEADERS = [
	'accept',
	'content-type',
	'x-amz-pay-date',
	'x-amz-pay-host',
	'x-amz-pay-region',
] as const;

export const IDEMPOTENCY_HEADER = 'x-amz-pay-idempotency-key';
export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;

// The SDKs accept several spellings of a region; Amazon's host decides which one is meant.
export const REGION_ALIASES: Record<string, Region> = {
	na: 'na',
	us: 'na',
	eu: 'eu',
	de: 'eu',
	uk: 'eu',
	jp: 'jp',
};

export const SETTLEMENT_REPORT = '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_SETTLEMENT_DATA_';
export const SANDBOX_SETTLEMENT_REPORT =
	'_GET_FLAT_FILE_OFFAMAZONPAYMENTS_SANDBOX_SETTLEMENT_DATA_';
export const CAPTURE_REPORT = '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_CAPTURE_DATA_';
export const MULTI_CURRENCY_REPORT =
	'_GET_CSV_CUSTOM_OFFAMAZONPAYMENTS_MULTI_CURRENCY_PAYMENTS_DATA_';

export const REPORT_TYPES = [
	SETTLEMENT_REPORT,
	SANDBOX_SETTLEMENT_REPORT,
	'_GET_FLAT_FILE_OFFAMAZONPAYMENTS_ORDER_REFERENCE_DATA_',
	'_GET_FLAT_FILE_OFFAMAZONPAYMENTS_BILLING_AGREEMENT_DATA_',
	'_GET_FLAT_FILE_OFFAMAZONPAYMENTS_AUTHORIZATION_DATA_',
	CAPTURE_REPORT,
	'_GET_FLAT_FILE_OFFAMAZONPAYMENTS_REFUND_DATA_',
	MULTI_CURRENCY_REPORT,
];

export type ProcessingStatus = 'IN_PROGRESS' | 'COMPLETED' | 'FAILED' | 'CANCELLED';
export const PROCESSING_STATUSES: ProcessingStatus[] = [
	'IN_PROGRESS',
	'COMPLETED',
	'FAILED',
	'CANCELLED',
];

export const MINUTE_MS = 60_000;
export const DAY_MS = 24 * 60 * MINUTE_MS;

// Reports are kept 90 days, which is also Get Reports' default createdSince.
export const REPORT_RETENTION_MS = 90 * DAY_MS;

export const GET_REPORTS_DEFAULT_PAGE_SIZE = 10;
export const GET_REPORTS_MAX_PAGE_SIZE = 100;

export const DEFAULT_PROCESSING_DELAY_MS = 2000;
export const DEFAULT_MAX_FUTURE_SKEW_MS = MINUTE_MS;
export const DEFAULT_MAX_DATE_AGE_MS = 15 * MINUTE_MS;

export const CONTROL_PREFIX = '/__emulator/';

// Report documents are served outside the API, the way Amazon hands out pre-signed S3 URLs.
export const DOCUMENT_PREFIX = '/__documents/';
export const DOCUMENT_URL_TTL_MS = 30_000;
export const DEFAULT_DOCUMENT_ROWS = 20;

// Create Report Schedule accepts these ISO 8601 durations and no others.
export const SCHEDULE_FREQUENCIES = [
	'PT5M',
	'PT15M',
	'PT30M',
	'PT1H',
	'PT2H',
	'PT4H',
	'PT8H',
	'PT12H',
	'PT24H',
	'PT84H',
	'P1D',
	'P2D',
	'P3D',
	'P7D',
	'P14D',
	'P15D',
	'P18D',
	'P30D',
];

export const GET_DISBURSEMENTS_DEFAULT_PAGE_SIZE = 10;
export const GET_DISBURSEMENTS_MAX_PAGE_SIZE = 100;
