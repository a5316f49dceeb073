/** What Amazon Pay answered, reduced to what a user needs to read. */
export interface AmazonPayErrorSummary {
	httpCode: number;
	reasonCode?: string;
	message: string;
	description: string;
}

const SIGNATURE_CAUSES =
	'Likely causes: the Private Key does not belong to the Public Key ID; the Region does not ' +
	"match the merchant account's (a European key against North America, say); a sandbox key " +
	'used on live or the reverse; the Signature Algorithm does not match the key; or a proxy ' +
	'between n8n and Amazon Pay changed a signed header.';

/**
 * Turns an Amazon Pay error answer (`{reasonCode, message}`) into a message in the user's terms,
 * with the causes people meet most for each reason (Amazon Pay API v2 docs, "Error codes").
 */
export function summariseApiError(httpCode: number, body: unknown): AmazonPayErrorSummary {
	const { reasonCode, message: rawMessage } = readErrorBody(body);
	// Amazon's messages usually end in a full stop; the advice follows after one of ours.
	const amazonMessage = rawMessage?.trim().replace(/\.+$/, '');
	const amazonSays = reasonCode
		? `Amazon Pay answered ${httpCode} ${reasonCode}${amazonMessage ? `: ${amazonMessage}` : ''}`
		: `Amazon Pay answered ${httpCode}${amazonMessage ? `: ${amazonMessage}` : ''}`;

	const [message, advice] = explain(httpCode, reasonCode, amazonMessage);
	return { httpCode, reasonCode, message, description: `${amazonSays}. ${advice}`.trim() };
}

function explain(httpCode: number, reasonCode = '', amazonMessage = ''): [string, string] {
	if (/should not be in future/i.test(amazonMessage)) {
		return [
			"The request's date is ahead of Amazon Pay's clock",
			"Check the clock of the server n8n runs on (enable NTP time sync); requests are signed with that server's time.",
		];
	}
	if (reasonCode === 'InvalidRequestSignature') {
		return ['Amazon Pay rejected the request signature', SIGNATURE_CAUSES];
	}
	if (reasonCode === 'UnauthorizedAccess' || httpCode === 401 || httpCode === 403) {
		return [
			'Amazon Pay did not accept these credentials',
			'Check the Public Key ID, and that the key is for this Region and Environment (sandbox or live).',
		];
	}
	if (httpCode === 404) {
		return [
			'Amazon Pay has no such item',
			'Check the ID; reports are kept for 90 days, and sandbox and live have separate reports.',
		];
	}
	if (httpCode === 429) {
		return [
			'Amazon Pay is throttling requests',
			'Too many requests in a short time; run fewer items at once or try again in a minute.',
		];
	}
	if (reasonCode === 'DuplicateIdempotencyKey') {
		return [
			'The idempotency key was already used for a different request',
			'Use a new Idempotency Key, or send exactly the same values as the first request.',
		];
	}
	if (httpCode >= 500) {
		return ['Amazon Pay had a server error', 'This is on Amazon\'s side; try again later.'];
	}
	if (httpCode === 400) {
		return ['Amazon Pay refused the request', 'Check the values named in the message above.'];
	}
	return ['Amazon Pay answered with an error', ''];
}

function readErrorBody(body: unknown): { reasonCode?: string; message?: string } {
	let parsed = body;
	if (Buffer.isBuffer(parsed)) parsed = parsed.toString('utf8');
	if (typeof parsed === 'string') {
		const text = parsed;
		try {
			parsed = JSON.parse(text);
		} catch {
			return { message: text.slice(0, 300) || undefined };
		}
	}
	if (typeof parsed !== 'object' || parsed === null) return {};
	const { reasonCode, message } = parsed as { reasonCode?: unknown; message?: unknown };
	return {
		reasonCode: typeof reasonCode === 'string' ? reasonCode : undefined,
		message: typeof message === 'string' ? message : undefined,
	};
}
