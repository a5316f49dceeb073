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

/** What a request asked for, so that advice on a 404 can name the right thing. */
export type NotFoundTarget = 'report' | 'reportDocument' | 'reportSchedule' | 'list' | 'other';

const RESOURCES: Record<string, NotFoundTarget> = {
	reports: 'report',
	'report-documents': 'reportDocument',
	'report-schedules': 'reportSchedule',
};

/** `/v2/report-schedules/123` is a schedule; a path without an ID (`/v2/reports`) is a list. */
export function notFoundTargetOf(path: string | undefined): NotFoundTarget {
	const match = /\/v2\/([a-z-]+)(\/[^/?]+)?\/?(?:\?|$)/.exec(path ?? '');
	if (!match) return 'other';
	if (match[2] === undefined) return 'list';
	return RESOURCES[match[1]] ?? 'other';
}

// Amazon Pay API v2 docs, "Reports" and "Report schedules": reports are kept 90 days; a cancelled
// schedule is deleted.
const NOT_FOUND_ADVICE: Record<NotFoundTarget, string> = {
	report:
		'Check the reportId; reports are kept for 90 days, and sandbox and live have separate reports.',
	reportDocument:
		'Check the reportDocumentId: take it from a COMPLETED report (Report > Get). A document goes with its report, which Amazon Pay keeps for 90 days; sandbox and live have separate documents.',
	reportSchedule:
		'Check the reportScheduleId (Report Schedule > Get Many lists the current ones); a cancelled schedule no longer exists, and sandbox and live have separate schedules.',
	list: 'Amazon Pay did not find this address: check the Region of the credential and, if set, its Base URL Override.',
	other: 'Check the ID, and that it belongs to this Environment (sandbox or live).',
};

/**
 * Turns an Amazon Pay error answer (`{reasonCode, message}`) into a message in the user's terms,
 * with the causes people meet most for each reason (Amazon Pay API v2 docs, "Error codes").
 * `path` is the request's path below the API base, e.g. `/v2/report-schedules/123`.
 */
export function summariseApiError(
	httpCode: number,
	body: unknown,
	path?: string,
): AmazonPayErrorSummary {
	const { reasonCode, message: rawMessage } = readErrorBody(body);
	// Amazon's messages usually end in a full stop; the advice follows after one of ours.
	const amazonMessage = rawMessage?.trim().replace(/\.+$/, '');
	const amazonSays = reasonCode
		? `Amazon Pay answered ${httpCode} ${reasonCode}${amazonMessage ? `: ${amazonMessage}` : ''}`
		: `Amazon Pay answered ${httpCode}${amazonMessage ? `: ${amazonMessage}` : ''}`;

	const [message, advice] = explain(httpCode, reasonCode, amazonMessage, notFoundTargetOf(path));
	return { httpCode, reasonCode, message, description: `${amazonSays}. ${advice}`.trim() };
}

function explain(
	httpCode: number,
	reasonCode = '',
	amazonMessage = '',
	target: NotFoundTarget = 'other',
): [string, string] {
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
		return ['Amazon Pay has no such item', NOT_FOUND_ADVICE[target]];
	}
	if (httpCode === 429) {
		return [
			'Amazon Pay is throttling requests',
			'Too many requests in a short time; run fewer items at once or try again in a minute.',
		];
	}
	if (reasonCode === 'DuplicateIdempotencyKey') {
		// Typically a fixed key on a node that runs several items: the second item reuses it.
		return [
			'This Idempotency Key was already used for a different request',
			"Amazon Pay keeps every key and refuses it with other values, so each item needs its own key: leave the 'Idempotency Key' option empty (the node then makes one per item), or set it to an expression with the item's values, e.g. report-{{ $json.orderId }}. To repeat the first request, send exactly its values again.",
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
