// Amazon Pay request signing: names and numbers from the "Signing requests" page of the
// Amazon Pay API v2 documentation.

export const SIGNATURE_ALGORITHMS = {
	'AMZN-PAY-RSASSA-PSS-V2': { saltLength: 32 },
	'AMZN-PAY-RSASSA-PSS': { saltLength: 20 },
} as const;

export type SignatureAlgorithm = keyof typeof SIGNATURE_ALGORITHMS;

export const DEFAULT_ALGORITHM: SignatureAlgorithm = 'AMZN-PAY-RSASSA-PSS-V2';

export const HEADER_DATE = 'x-amz-pay-date';
export const HEADER_HOST = 'x-amz-pay-host';
export const HEADER_REGION = 'x-amz-pay-region';
export const HEADER_IDEMPOTENCY_KEY = 'x-amz-pay-idempotency-key';
export const HEADER_AUTHORIZATION = 'authorization';

export const JSON_MEDIA_TYPE = 'application/json';

export function isSignatureAlgorithm(value: unknown): value is SignatureAlgorithm {
	return typeof value === 'string' && Object.prototype.hasOwnProperty.call(SIGNATURE_ALGORITHMS, value);
}
