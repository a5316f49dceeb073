import { createHash, randomUUID } from 'node:crypto';

import { AmazonPayInputError } from './errors';

// "Idempotency" in the Amazon Pay API v2 docs: at most 32 characters of [A-Za-z0-9_-].
const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;

/**
 * A key that is the same whenever the same item of the same execution sends the same body, so
 * a retry (by this package, or n8n's Retry On Fail) returns the first result instead of creating
 * a second report. Without an execution to anchor it, a random key still covers our own retries.
 */
export function deriveIdempotencyKey(scope: string[] | undefined, body: string): string {
	if (!scope || scope.some((part) => !part)) return randomUUID().replace(/-/g, '');
	return createHash('sha256')
		.update([...scope, body].join('\n'))
		.digest('base64url')
		.slice(0, 32);
}

export function checkIdempotencyKey(value: string, field = 'Idempotency Key'): string {
	const key = value.trim();
	if (!IDEMPOTENCY_KEY_PATTERN.test(key)) {
		throw new AmazonPayInputError(
			field,
			`The ${field} "${value}" is not accepted by Amazon Pay: it must be 1 to 32 characters of ` +
				'letters, digits, "-" and "_" (a UUID with dashes is 36 characters, too long).',
			'For example settlement-2024-08-04, or a UUID without its dashes.',
		);
	}
	return key;
}

/**
 * The Idempotency Key option as text, checked; undefined when left empty. An expression may
 * yield a number (`{{ $json.orderId }}`) or anything else: it is read as the text it shows.
 */
export function readIdempotencyKey(value: unknown, field = 'Idempotency Key'): string | undefined {
	if (value === undefined || value === null) return undefined;
	const text =
		typeof value === 'string'
			? value
			: typeof value === 'object'
				? JSON.stringify(value)
				: String(value);
	return text.trim() === '' ? undefined : checkIdempotencyKey(text, field);
}
