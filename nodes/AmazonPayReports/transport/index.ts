import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
	INodeProperties,
	IPollFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import { summariseApiError } from '../../shared/apiErrors';
import { AmazonPayInputError } from '../../shared/errors';
import { readNumber } from '../../shared/numbers';
import {
	DEFAULT_MAX_ATTEMPTS,
	DEFAULT_TIMEOUT_MS,
	MAX_RETRY_AFTER_MS,
	RETRYABLE_STATUSES,
	getBackoffMs,
	getRetryDelayMs,
	isRetryableNetworkError,
	parseRetryAfter,
} from '../../shared/retryPolicy';
import { HEADER_IDEMPOTENCY_KEY } from '../../shared/signing/constants';
import { PacerRegistry } from '../../shared/throttlePacer';

export const CREDENTIAL_TYPE = 'amazonPayApi';

export type AmazonPayContext = IExecuteFunctions | IPollFunctions;

// Calls of one node in one execution share a pacer: items run one after another, and once
// Amazon throttles, the next items should slow down rather than each spend its attempts.
const pacers = new PacerRegistry();

function pacerFor(context: AmazonPayContext) {
	return pacers.get(`${context.getExecutionId()}|${context.getNode().id}`);
}

export interface AmazonPayRequest {
	method: IHttpRequestMethods;
	/** Path below the API base, e.g. `/v2/reports`; IDs already encoded. */
	path: string;
	query?: Record<string, string | number | undefined>;
	body?: IDataObject;
	/** Sent on creates so that a retried request cannot create twice. */
	idempotencyKey?: string;
	itemIndex?: number;
	maxAttempts?: number;
	timeoutMs?: number;
}

/**
 * The one place that calls Amazon Pay: signs through the credential, retries what may be retried,
 * logs each attempt without secrets, and turns failures into errors a user can act on.
 */
export async function amazonPayApiRequest<T = IDataObject>(
	context: AmazonPayContext,
	request: AmazonPayRequest,
): Promise<T> {
	// Out-of-range Request Options throw AmazonPayInputError, which the router shows as such.
	const settings = readRequestSettings(context, request.itemIndex);
	const maxAttempts = Math.max(1, Math.floor(request.maxAttempts ?? settings.maxAttempts));
	// Serialised once, so every attempt (and the idempotency check) sees the same bytes.
	const body = request.body === undefined ? undefined : JSON.stringify(request.body);

	const pacer = pacerFor(context);
	// Whether an earlier attempt may have been carried out although its answer never came.
	let earlierOutcomeUnknown = false;
	for (let attempt = 1; ; attempt++) {
		const pause = pacer.waitBeforeCall(Date.now());
		if (pause > 0) await sleep(pause);
		const startedAt = Date.now();
		pacer.calledAt(startedAt);
		let response: IN8nHttpFullResponse;
		try {
			response = (await context.helpers.httpRequestWithAuthentication.call(context, CREDENTIAL_TYPE, {
				method: request.method,
				url: request.path,
				qs: request.query,
				body,
				headers: request.idempotencyKey
					? { [HEADER_IDEMPOTENCY_KEY]: request.idempotencyKey }
					: undefined,
				json: true,
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				timeout: request.timeoutMs ?? settings.timeoutMs,
			} as IHttpRequestOptions)) as IN8nHttpFullResponse;
		} catch (error) {
			const inputError = findInputError(error);
			if (inputError) throw toOperationError(context, inputError, request.itemIndex);

			const retry = attempt < maxAttempts && isRetryableNetworkError(error);
			logAttempt(context, request, attempt, startedAt, { failure: describeNetworkError(error) });
			if (!retry) throw networkError(context, request, error, attempt);
			earlierOutcomeUnknown = true;
			await sleep(getBackoffMs(attempt));
			continue;
		}

		const reasonCode = readReasonCode(response.body);
		pacer.answered(response.statusCode === 429);
		logAttempt(context, request, attempt, startedAt, { status: response.statusCode, reasonCode });
		if (response.statusCode < 400) return response.body as T;

		// A DELETE that may already have gone through, retried: "not found" means it is done.
		if (request.method === 'DELETE' && response.statusCode === 404 && earlierOutcomeUnknown) {
			context.logger.debug('Amazon Pay call: 404 on a retried DELETE read as already done', {
				method: request.method,
				path: request.path,
				attempt,
			});
			return {} as T;
		}

		if (attempt < maxAttempts && RETRYABLE_STATUSES.has(response.statusCode)) {
			const delay = getRetryDelayMs(attempt, readHeader(response.headers, 'retry-after'));
			// Amazon asked for a longer pause than the node waits: an early retry would be refused.
			if (delay === undefined) throw apiError(context, request, response, attempt);
			if (response.statusCode >= 500 || response.statusCode === 408) earlierOutcomeUnknown = true;
			await sleep(delay);
			continue;
		}
		throw apiError(context, request, response, attempt);
	}
}

// Ten minutes: far beyond any Amazon Pay answer, and well inside what a timer can count.
const MAX_TIMEOUT_SECONDS = 600;

/** The node's Request Options: attempts and time limit for each Amazon Pay call. */
export const requestOptionsProperty: INodeProperties = {
	displayName: 'Request Options',
	name: 'requestOptions',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Max Attempts',
			name: 'maxAttempts',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 10 },
			default: 3,
			description:
				'How often a call is tried when Amazon Pay throttles (429), has a server error (5xx) or the connection drops. Creates are safe to retry: they carry an idempotency key.',
		},
		{
			displayName: 'Timeout (Seconds)',
			name: 'timeoutSeconds',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: MAX_TIMEOUT_SECONDS },
			default: 30,
			description: 'How long to wait for Amazon Pay to answer one call',
		},
	],
};

function readRequestSettings(
	context: AmazonPayContext,
	itemIndex: number | undefined,
): { maxAttempts: number; timeoutMs: number } {
	let options: { maxAttempts?: number; timeoutSeconds?: number } = {};
	try {
		options = (
			'getInputData' in context
				? context.getNodeParameter('requestOptions', itemIndex ?? 0, {})
				: context.getNodeParameter('requestOptions', {})
		) as typeof options;
	} catch {
		// A node without Request Options (the trigger) uses the defaults.
	}
	const { maxAttempts, timeoutSeconds } = options;
	return {
		maxAttempts:
			maxAttempts === undefined
				? DEFAULT_MAX_ATTEMPTS
				: readNumber(maxAttempts, {
						field: 'Max Attempts',
						min: 1,
						max: 10,
						wholeNumber: true,
						example: DEFAULT_MAX_ATTEMPTS,
					}),
		timeoutMs:
			timeoutSeconds === undefined
				? DEFAULT_TIMEOUT_MS
				: readNumber(timeoutSeconds, {
						field: 'Timeout (Seconds)',
						min: 0,
						aboveMin: true,
						max: MAX_TIMEOUT_SECONDS,
						example: DEFAULT_TIMEOUT_MS / 1000,
					}) * 1000,
	};
}

function apiError(
	context: AmazonPayContext,
	request: AmazonPayRequest,
	response: IN8nHttpFullResponse,
	attempts: number,
): NodeApiError {
	const summary = summariseApiError(response.statusCode, response.body, request.path);
	const afterRetries =
		attempts > 1 ? ` (still failing after ${attempts} attempts)` : '';
	const description = `${summary.description}${describeAskedWait(response)}`;
	return new NodeApiError(
		context.getNode(),
		{ reasonCode: summary.reasonCode ?? null, message: description } as JsonObject,
		{
			message: summary.message + afterRetries,
			description,
			httpCode: String(response.statusCode),
			itemIndex: request.itemIndex,
		},
	);
}

/** What a Retry-After header asked for, and whether the node waits that long, as a sentence. */
function describeAskedWait(response: IN8nHttpFullResponse): string {
	if (!RETRYABLE_STATUSES.has(response.statusCode)) return '';
	const askedMs = parseRetryAfter(readHeader(response.headers, 'retry-after'));
	if (askedMs === undefined || askedMs <= 0) return '';

	const asked =
		` Amazon Pay asked to wait ${describeSeconds(askedMs)} before the next request ` +
		'(Retry-After)';
	if (askedMs <= MAX_RETRY_AFTER_MS) return `${asked}.`;
	return (
		`${asked}, longer than the node waits within a run (${describeSeconds(MAX_RETRY_AFTER_MS)}), ` +
		'so it did not try again: run the workflow again after that time.'
	);
}

function describeSeconds(ms: number): string {
	const seconds = Math.ceil(ms / 1000);
	if (seconds < 120) return `${seconds} second${seconds === 1 ? '' : 's'}`;
	const minutes = Math.round(seconds / 60);
	return seconds % 60 === 0
		? `${minutes} minutes`
		: `${seconds} seconds (about ${minutes} minutes)`;
}

// The HTTP client's own error carries the request's headers, the signature among them: only its
// code and a plain message travel on.
function networkError(
	context: AmazonPayContext,
	request: AmazonPayRequest,
	error: unknown,
	attempts: number,
): NodeApiError {
	const failure = describeNetworkError(error);
	const code = findErrorCode(error);
	return new NodeApiError(context.getNode(), { failure } as JsonObject, {
		message: `Could not reach Amazon Pay: ${failure}`,
		description:
			`${request.method} ${request.path} failed after ${attempts} attempt(s)` +
			`${code ? ` (${code})` : ''}. Check the network between n8n and Amazon Pay (proxy, ` +
			'firewall, DNS), the Timeout in Request Options, or the Base URL Override of the credential.',
		itemIndex: request.itemIndex,
	});
}

// Plain words only: n8n replaces a message that names a system error code with its own.
const NETWORK_FAILURES: Array<[RegExp, string]> = [
	[/TIMEDOUT|ECONNABORTED|timeout/i, 'no answer within the time limit'],
	[/ECONNREFUSED/, 'the connection was refused'],
	[/ENOTFOUND|EAI_AGAIN/, 'the host name could not be resolved'],
	[/ECONNRESET|EPIPE|socket hang up|UND_ERR_SOCKET/i, 'the connection dropped before an answer'],
	[/CERT|SSL|TLS/i, 'the TLS certificate was not accepted'],
];

export function describeNetworkError(error: unknown): string {
	const code = findErrorCode(error) ?? '';
	const message = String((error as { message?: unknown })?.message ?? '');
	for (const [pattern, words] of NETWORK_FAILURES) {
		if (pattern.test(code) || pattern.test(message)) return words;
	}
	return 'the connection failed';
}

function findErrorCode(error: unknown): string | undefined {
	for (let current = error, depth = 0; current && depth < 5; depth++) {
		const { code } = current as { code?: unknown };
		if (typeof code === 'string' && /^[A-Z_]+$/.test(code)) return code;
		current = (current as { cause?: unknown }).cause;
	}
	return undefined;
}

function findInputError(error: unknown): AmazonPayInputError | undefined {
	for (let current = error, depth = 0; current && depth < 5; depth++) {
		if (current instanceof AmazonPayInputError) return current;
		if ((current as Error).name === 'AmazonPayInputError') return current as AmazonPayInputError;
		current = (current as { cause?: unknown }).cause;
	}
	return undefined;
}

export function toOperationError(
	context: AmazonPayContext,
	error: AmazonPayInputError,
	itemIndex?: number,
): NodeOperationError {
	const operationError = new NodeOperationError(context.getNode(), error.message, {
		description: error.hint,
		itemIndex,
	});
	return keepMessage(operationError, error.message);
}

/**
 * n8n swaps a message that merely contains a system error code for its own generic text: a
 * document opening with `"reasonCode":"ResourceNotFound"` reads as ENOTFOUND, "host not found".
 * Messages that quote values or IDs are put back word for word.
 */
export function keepMessage<T extends NodeOperationError | NodeApiError>(error: T, message: string): T {
	error.message = message;
	return error;
}

function logAttempt(
	context: AmazonPayContext,
	request: AmazonPayRequest,
	attempt: number,
	startedAt: number,
	outcome: { status?: number; reasonCode?: string; failure?: string },
): void {
	context.logger.debug('Amazon Pay call', {
		method: request.method,
		path: request.path,
		status: outcome.status,
		reasonCode: outcome.reasonCode,
		failure: outcome.failure,
		attempt,
		milliseconds: Date.now() - startedAt,
	});
}

function readReasonCode(body: unknown): string | undefined {
	const reasonCode = (body as { reasonCode?: unknown } | undefined)?.reasonCode;
	return typeof reasonCode === 'string' ? reasonCode : undefined;
}

function readHeader(headers: IDataObject | undefined, name: string): string | undefined {
	const entry = Object.entries(headers ?? {}).find(([key]) => key.toLowerCase() === name);
	return entry === undefined ? undefined : String(entry[1]);
}
