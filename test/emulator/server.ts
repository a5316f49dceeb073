// The emulator's HTTP server: control endpoints, report document downloads, fault rules, then
// Amazon's own checks, the throttle and the operation, with one request-log entry per call.

import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import {
	CONTROL_PREFIX,
	DEFAULT_DOCUMENT_ROWS,
	DEFAULT_MAX_DATE_AGE_MS,
	DEFAULT_MAX_FUTURE_SKEW_MS,
	DEFAULT_PROCESSING_DELAY_MS,
	DOCUMENT_PREFIX,
	IDEMPOTENCY_HEADER,
} from './constants';
import { authenticate } from './authenticate';
import { documentUrlFor, handleControl, seedReport, type SeedReportInput } from './control';
import {
	seedDisbursements,
	toApiDisbursement,
	type Disbursement,
	type SeedDisbursementsInput,
} from './disbursements';
import { handleDocumentDownload } from './documents/download';
import { AmazonPayError, badRequest, defaultReasonCode } from './errors';
import type { ActiveFault, FaultRule } from './faults';
import { generateKeyPair, type EmulatorKey, type GeneratedKeyPair } from './keys';
import { toApiReport, type Report } from './reports';
import { checkApiVersion, findOperation, parsePath, type ParsedPath } from './router';
import { toApiSchedule, type ReportSchedule } from './schedules';
import {
	collectHeaders,
	headerValue,
	parseQuery,
	splitTarget,
	type ReceivedRequest,
} from './request';
import {
	EmulatorState,
	type OperationResponse,
	type RequestLogEntry,
	type RuntimeOptions,
} from './state';
import type { ThrottleSettings } from './throttle';

export interface EmulatorOptions {
	/** 0 (the default) picks a free port. */
	port?: number;
	/** The address to listen on: 127.0.0.1 by default; 0.0.0.0 to be reached from a container. */
	host?: string;
	/** Known public keys; when none are given, one sandbox NA key pair is generated. */
	keys?: EmulatorKey[];
	/** How long a created report stays IN_PROGRESS; 0 completes it by the first read. */
	processingDelayMs?: number;
	/** How far x-amz-pay-date may be ahead of the emulator's clock. */
	maxFutureSkewMs?: number;
	/** How far x-amz-pay-date may be behind the emulator's clock. */
	maxDateAgeMs?: number;
	/** The clock in milliseconds; advanceClock adds to it. Date.now by default. */
	now?: () => number;
	/** Table rows of a generated report document when its report names no size; 20. */
	defaultDocumentRows?: number;
	/** Shape of Get Report Schedule By Id: 'wrapped' (the default, as the docs show) or 'flat'. */
	scheduleByIdShape?: RuntimeOptions['scheduleByIdShape'];
}

export interface Emulator {
	url: string;
	port: number;
	/** The key pair made at start when no keys were given: region na, environment sandbox. */
	generatedKey?: GeneratedKeyPair & Pick<EmulatorKey, 'region' | 'environment'>;
	close(): Promise<void>;
	addKey(key: EmulatorKey): void;
	keys(): EmulatorKey[];
	/** Moves the clock; a negative value moves it back, putting clients' dates in the future. */
	advanceClock(ms: number): void;
	now(): number;
	/** Every report, both environments, newest first, as Amazon returns them. */
	reports(): Report[];
	/** Seeds a report; a COMPLETED one has a document that downloads. */
	seedReport(input: SeedReportInput): Report;
	/** Every report schedule, both environments, in creation order. */
	schedules(): ReportSchedule[];
	/** Adds one, several, or `{generate: N, from, to}` made-up disbursements. */
	seedDisbursements(input: SeedDisbursementsInput): Disbursement[];
	/** Every disbursement, both environments, oldest first. */
	disbursements(): Disbursement[];
	/** A fresh pre-signed URL of the report's document, as Get Report Document hands out. */
	documentUrlFor(reportId: string): string;
	requests(): RequestLogEntry[];
	/** Adds a fault rule and returns its ID. */
	addFault(rule: FaultRule): string;
	clearFaults(): void;
	/** Throttles API calls per public key ID with a token bucket; null switches it off. */
	setThrottle(settings: ThrottleSettings | null): void;
	/** Changes options while running; returns all of them. reset() restores those of the start. */
	setOptions(options: Partial<RuntimeOptions>): RuntimeOptions;
	/**
	 * Forgets reports, schedules, disbursements, document URLs, idempotency keys, page tokens,
	 * faults, the throttle, the log and the clock offset, and restores the start options.
	 */
	reset(): void;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
	const state = new EmulatorState(
		options.now ?? Date.now,
		{
			processingDelayMs: options.processingDelayMs ?? DEFAULT_PROCESSING_DELAY_MS,
			maxFutureSkewMs: options.maxFutureSkewMs ?? DEFAULT_MAX_FUTURE_SKEW_MS,
			maxDateAgeMs: options.maxDateAgeMs ?? DEFAULT_MAX_DATE_AGE_MS,
		},
		{ defaultDocumentRows: DEFAULT_DOCUMENT_ROWS, scheduleByIdShape: 'wrapped' },
	);
	// Checked like a later setOptions call, then kept as what reset() returns to.
	state.setOptions({
		defaultDocumentRows: options.defaultDocumentRows,
		scheduleByIdShape: options.scheduleByIdShape,
	});
	state.keepOptionsForReset();

	let generatedKey: Emulator['generatedKey'];
	if (options.keys && options.keys.length > 0) {
		for (const key of options.keys) state.keys.add(key);
	} else {
		generatedKey = { ...generateKeyPair(), region: 'na', environment: 'sandbox' };
		state.keys.add(generatedKey);
	}

	const server = createServer((req, res) => {
		handleRequest(req, res, state).catch((error: unknown) => {
			if (res.headersSent || state.closed) return void res.destroy();
			const message = error instanceof Error ? error.message : String(error);
			sendJson(res, { status: 500, body: { reasonCode: 'InternalServerError', message } });
		});
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
	});
	const { port } = server.address() as AddressInfo;
	// Listening on every address: links name loopback unless a request names another host.
	const anyAddress = !options.host || options.host === '0.0.0.0' || options.host === '::';
	const host = anyAddress ? '127.0.0.1' : (options.host as string);
	state.baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

	return {
		url: state.baseUrl,
		port,
		generatedKey,
		close: () =>
			new Promise<void>((resolve, reject) => {
				// Ends delayed and stalled answers at once instead of when their timers fire.
				state.close();
				server.close((error) => (error ? reject(error) : resolve()));
				server.closeAllConnections();
			}),
		addKey: (key) => state.keys.add(key),
		keys: () => state.keys.list(),
		advanceClock: (ms) => state.advanceClock(ms),
		now: () => state.now(),
		reports: () => {
			state.runSchedules();
			return state.reports.all().map((report) => toApiReport(report, state.now()));
		},
		seedReport: (input) => seedReport(state, input),
		schedules: () => {
			state.runSchedules();
			return state.schedules.list().map(toApiSchedule);
		},
		seedDisbursements: (input) => seedDisbursements(state.disbursements, input, state.now()),
		disbursements: () => state.disbursements.all().map(toApiDisbursement),
		documentUrlFor: (reportId) => documentUrlFor(state, reportId),
		requests: () => state.requestLog.map((entry) => ({ ...entry })),
		addFault: (rule) => state.faults.add(rule).id,
		clearFaults: () => state.faults.clear(),
		setThrottle: (settings) => state.throttle.set(settings),
		setOptions: (changes) => state.setOptions(changes),
		reset: () => state.reset(),
	};
}

interface Answer extends OperationResponse {
	headers?: Record<string, string>;
}

async function handleRequest(req: IncomingMessage, res: ServerResponse, state: EmulatorState) {
	const body = await readBody(req);
	const method = req.method ?? 'GET';
	const target = req.url ?? '/';
	const { rawPath, rawQuery } = splitTarget(target);

	if (rawPath.startsWith(CONTROL_PREFIX)) {
		const name = rawPath.slice(CONTROL_PREFIX.length);
		return sendJson(res, handleControl(method, name, body, state));
	}

	if (rawPath.startsWith(DOCUMENT_PREFIX)) {
		const documentLogEntry: RequestLogEntry = {
			method,
			path: target,
			status: 0,
			headers: [...collectHeaders(req.rawHeaders).keys()],
			kind: 'document',
		};
		state.requestLog.push(documentLogEntry);
		return handleDocumentDownload(req, res, state, documentLogEntry);
	}

	const request: ReceivedRequest = {
		method,
		rawPath,
		rawQuery,
		headers: collectHeaders(req.rawHeaders),
		body,
	};
	const logEntry: RequestLogEntry = {
		method,
		path: target,
		status: 0,
		headers: [...request.headers.keys()],
		idempotencyKey: headerValue(request, IDEMPOTENCY_HEADER),
	};
	state.requestLog.push(logEntry);

	const parsedPath = parsePath(rawPath);
	const { delay, outcome } = state.faults.take({
		kind: 'api',
		method,
		rawPath,
		apiPath: parsedPath.apiPath,
	});
	if (delay) {
		logEntry.fault = 'delay';
		await state.wait(delay.delayMs ?? 0);
	}
	if (outcome) logEntry.fault = outcome.action;

	if (outcome?.action === 'drop') {
		logEntry.dropped = true;
		return void req.socket.destroy();
	}

	const answer =
		outcome?.action === 'status' ? faultAnswer(outcome) : respond(request, parsedPath, state);
	logEntry.status = answer.status;
	logEntry.reasonCode = (answer.body as { reasonCode?: string } | undefined)?.reasonCode;

	// The operation has run and its effects are kept; only the answer is lost on the way.
	if (outcome?.action === 'dropAfterCommit') {
		logEntry.dropped = true;
		return void req.socket.destroy();
	}
	sendJson(res, answer);
}

function respond(request: ReceivedRequest, parsedPath: ParsedPath, state: EmulatorState): Answer {
	try {
		checkApiVersion(parsedPath.apiPath);
		const { operation, pathParameters } = findOperation(request.method, parsedPath.apiPath);

		const now = state.now();
		const key = authenticate(request, {
			keys: state.keys,
			now,
			maxFutureSkewMs: state.limits.maxFutureSkewMs,
			maxDateAgeMs: state.limits.maxDateAgeMs,
			pathEnvironment: parsedPath.environment,
		});

		// Amazon throttles per merchant, so only a request it could attribute to a key counts.
		if (!state.throttle.take(key.publicKeyId, now)) throw throttled(state);
		state.runSchedules();

		// Idempotency keys are meant for POST; on other methods Amazon ignores them.
		const idempotencyKey =
			request.method === 'POST' ? headerValue(request, IDEMPOTENCY_HEADER) : undefined;
		if (idempotencyKey) {
			const replay = state.idempotency.replay(key.publicKeyId, idempotencyKey, request.body);
			if (replay) return replay;
		}

		const response = operation.execute(
			{
				environment: key.environment,
				publicKeyId: key.publicKeyId,
				pathParameters,
				query: readQuery(request.rawQuery),
				body: request.body,
				now,
				// Document links name the host the client reached, so they work from a container too.
				baseUrl: hostHeaderBaseUrl(request) ?? state.baseUrl,
			},
			state,
		);

		if (idempotencyKey && response.status < 300) {
			state.idempotency.remember(key.publicKeyId, idempotencyKey, request.body, response);
		}
		return response;
	} catch (error) {
		if (!(error instanceof AmazonPayError)) throw error;
		return { status: error.status, body: error.toBody(), headers: error.headers };
	}
}

function readQuery(rawQuery: string): Map<string, string> {
	const query = new Map<string, string>();
	for (const { name, value } of parseQuery(rawQuery)) {
		const nameText = name.toString('utf8');
		if (query.has(nameText)) {
			throw badRequest(
				'InvalidParameterValue',
				`The query parameter '${nameText}' is given twice.`,
			);
		}
		query.set(nameText, value.toString('utf8'));
	}
	return query;
}

function throttled(state: EmulatorState): AmazonPayError {
	const retryAfterSeconds = state.throttle.current()?.retryAfterSeconds;
	const headers: Record<string, string> =
		retryAfterSeconds === undefined ? {} : { 'retry-after': String(retryAfterSeconds) };
	return new AmazonPayError(
		429,
		'TooManyRequests',
		'The request was throttled: too many requests for this public key ID. Retry later.',
		headers,
	);
}

function faultAnswer(fault: ActiveFault): Answer {
	const status = fault.status ?? 500;
	const headers: Record<string, string> = {};
	if (fault.retryAfter !== undefined) headers['retry-after'] = String(fault.retryAfter);

	return {
		status,
		headers,
		body: {
			reasonCode: fault.reasonCode ?? defaultReasonCode(status),
			message: fault.message ?? `Fault injected by the emulator: status ${status}.`,
		},
	};
}

function sendJson(res: ServerResponse, answer: Answer): void {
	const payload = JSON.stringify(answer.body ?? {});
	res.writeHead(answer.status, {
		'content-type': 'application/json',
		'content-length': Buffer.byteLength(payload),
		'x-amz-pay-request-id': randomUUID(),
		...answer.headers,
	});
	res.end(payload);
}

function readBody(req: IncomingMessage): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => resolve(Buffer.concat(chunks)));
		req.on('error', reject);
	});
}

function hostHeaderBaseUrl(request: ReceivedRequest): string | undefined {
	const host = headerValue(request, 'host');
	return host && /^[A-Za-z0-9.:[\]-]+$/.test(host) ? `http://${host}` : undefined;
}
