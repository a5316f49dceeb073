// Endpoints under /__emulator/ that tests and `npm run emulator` users call to set the stage.
// They are not part of Amazon Pay and need no signature.

import {
	PROCESSING_STATUSES,
	REPORT_TYPES,
	type Environment,
	type ProcessingStatus,
} from './constants';
import { readSeedTime } from './dates';
import { seedDisbursements, toApiDisbursement, type SeedDisbursementsInput } from './disbursements';
import {
	checkDocumentOptions,
	type CompressionAlgorithm,
	type DocumentOptions,
} from './documents/documentStore';
import type { FaultRule } from './faults';
import { generateKeyPair, type EmulatorKey, type PublicKeyIdPrefix } from './keys';
import { toApiReport, type Report } from './reports';
import { toApiSchedule } from './schedules';
import type { EmulatorState, OperationResponse, RuntimeOptions } from './state';
import type { ThrottleSettings } from './throttle';

export interface SeedReportInput {
	reportType: string;
	environment?: Environment;
	reportId?: string;
	reportDocumentId?: string;
	/** Compact or extended UTC time, or milliseconds since the epoch. */
	startTime?: string | number;
	endTime?: string | number;
	/** When the report was requested; the emulator's now when left out. */
	createdTime?: string | number;
	/** The status the report reaches after processingDelayMs; IN_PROGRESS stays for good. */
	processingStatus?: ProcessingStatus;
	/** Time from createdTime until processingStatus is reached; 0 when left out. */
	processingDelayMs?: number;
	/** Table rows of the generated document; the emulator's defaultDocumentRows when left out. */
	documentRows?: number;
	/** Size of the generated document in bytes, roughly (the last row may run past it). */
	documentBytes?: number;
	/** Seed of the generated document; derived from the reportDocumentId when left out. */
	documentSeed?: number;
	/** Exact document content, served instead of a generated file. */
	documentContent?: string;
	/** 'GZIP' serves the document gzip-compressed and says so in Get Report Document. */
	documentCompression?: CompressionAlgorithm;
	/** With GZIP: Get Report Document says N/A all the same, as a careless server might. */
	documentCompressionUndeclared?: boolean;
}

/** Adds a report as if Amazon had made it: settlement reports, failed ones, old ones. */
export function seedReport(state: EmulatorState, input: SeedReportInput): Report {
	if (!REPORT_TYPES.includes(input.reportType)) {
		throw new Error(`Unknown reportType '${input.reportType}'`);
	}
	const status = input.processingStatus ?? 'COMPLETED';
	if (!PROCESSING_STATUSES.includes(status)) {
		throw new Error(`Unknown processingStatus '${status}'`);
	}

	const document: DocumentOptions = {
		rows: input.documentRows,
		bytes: input.documentBytes,
		seed: input.documentSeed,
		content: input.documentContent,
		compression: input.documentCompression,
		compressionUndeclared: input.documentCompressionUndeclared,
	};
	checkDocumentOptions(document);

	const now = state.now();
	const createdTime = readSeedTime('createdTime', input.createdTime) ?? now;
	const report = state.reports.add({
		environment: input.environment ?? 'sandbox',
		reportId: input.reportId,
		reportDocumentId: input.reportDocumentId,
		reportType: input.reportType,
		startTime: readSeedTime('startTime', input.startTime) ?? createdTime - 24 * 3600_000,
		endTime: readSeedTime('endTime', input.endTime) ?? createdTime,
		createdTime,
		processingDelayMs: status === 'IN_PROGRESS' ? undefined : (input.processingDelayMs ?? 0),
		finalStatus: status,
		document,
	});
	return toApiReport(report, now);
}

export function documentUrlFor(state: EmulatorState, reportId: string): string {
	const report = state.reports.all().find((candidate) => candidate.reportId === reportId);
	if (!report) throw new Error(`No report with reportId '${reportId}'`);
	return state.documents.issueUrl(report, state.now(), state.baseUrl);
}

export function describeState(state: EmulatorState) {
	state.runSchedules();
	const now = state.now();
	return {
		now,
		keys: state.keys.list().map(({ publicKeyId, region, environment }) => ({
			publicKeyId,
			region,
			environment,
		})),
		reports: state.reports
			.all()
			.map((report) => ({ environment: report.environment, ...toApiReport(report, now) })),
		schedules: state.schedules
			.list()
			.map((schedule) => ({ environment: schedule.environment, ...toApiSchedule(schedule) })),
		disbursements: state.disbursements
			.all()
			.map((disbursement) => ({
				environment: disbursement.environment,
				...toApiDisbursement(disbursement),
			})),
		requests: state.requestLog,
		faults: state.faults.list(),
		throttle: state.throttle.current(),
		options: state.options,
	};
}

export function handleControl(
	method: string,
	name: string,
	body: Buffer,
	state: EmulatorState,
): OperationResponse {
	try {
		return runControl(method, name, body, state);
	} catch (error) {
		const message = error instanceof Error ? error.message : String(error);
		return { status: 400, body: { reasonCode: 'InvalidRequest', message } };
	}
}

function runControl(
	method: string,
	name: string,
	body: Buffer,
	state: EmulatorState,
): OperationResponse {
	const route = `${method} ${name}`;
	switch (route) {
		case 'POST reset':
			state.reset();
			return { status: 200, body: { reset: true } };

		case 'GET state':
			return { status: 200, body: describeState(state) };

		case 'POST clock': {
			const { advanceMs } = readJson<{ advanceMs?: unknown }>(body);
			if (typeof advanceMs !== 'number' || !Number.isFinite(advanceMs)) {
				throw new Error('Send {"advanceMs": <milliseconds>}');
			}
			state.advanceClock(advanceMs);
			return { status: 200, body: { now: state.now() } };
		}

		case 'POST keys':
			return { status: 201, body: addKey(state, readJson<AddKeyInput>(body)) };

		case 'POST reports':
			return { status: 201, body: seedReport(state, readJson<SeedReportInput>(body)) };

		case 'GET faults':
			return { status: 200, body: { faults: state.faults.list() } };

		case 'POST faults': {
			const input = readJson<FaultRule | { rules: FaultRule[] }>(body);
			const rules = 'rules' in input ? input.rules : [input];
			return { status: 201, body: { faults: rules.map((rule) => state.faults.add(rule)) } };
		}

		case 'DELETE faults':
			state.faults.clear();
			return { status: 200, body: { faults: [] } };

		case 'GET throttle':
			return { status: 200, body: { throttle: state.throttle.current() } };

		case 'POST throttle': {
			const input = readJson<ThrottleSettings | { throttle: null } | null>(body, true);
			state.throttle.set(input === null || 'throttle' in input ? null : input);
			return { status: 200, body: { throttle: state.throttle.current() } };
		}

		case 'DELETE throttle':
			state.throttle.set(null);
			return { status: 200, body: { throttle: null } };

		case 'GET options':
			return { status: 200, body: state.options };

		case 'POST options':
			return { status: 200, body: state.setOptions(readJson<Partial<RuntimeOptions>>(body)) };

		case 'GET schedules':
			state.runSchedules();
			return { status: 200, body: { reportSchedules: state.schedules.list().map(toApiSchedule) } };

		case 'GET disbursements':
			return {
				status: 200,
				body: { disbursements: state.disbursements.all().map(toApiDisbursement) },
			};

		case 'POST disbursements': {
			const input = readJson<SeedDisbursementsInput>(body, true);
			const disbursements = seedDisbursements(state.disbursements, input, state.now());
			return { status: 201, body: { disbursements } };
		}

		case 'POST document-url': {
			const { reportId } = readJson<{ reportId?: unknown }>(body);
			if (typeof reportId !== 'string') throw new Error('Send {"reportId": "<reportId>"}');
			return { status: 200, body: { url: documentUrlFor(state, reportId) } };
		}

		default:
			return {
				status: 404,
				body: { reasonCode: 'ResourceNotFound', message: `No emulator control endpoint ${route}` },
			};
	}
}

interface AddKeyInput extends Partial<EmulatorKey> {
	/** When no publicKeyPem is given, a key pair is generated with this ID prefix. */
	prefix?: PublicKeyIdPrefix;
}

// Generating here lets a client outside the test process (a user's n8n) get a second key;
// the private key is the emulator's own throwaway and is handed back once.
function addKey(state: EmulatorState, input: AddKeyInput) {
	const region = input.region ?? 'na';
	const environment = input.environment ?? 'sandbox';

	if (input.publicKeyPem) {
		if (!input.publicKeyId) throw new Error('publicKeyId is required with publicKeyPem');
		const key: EmulatorKey = {
			publicKeyId: input.publicKeyId,
			publicKeyPem: input.publicKeyPem,
			region,
			environment,
		};
		state.keys.add(key);
		return key;
	}

	const prefix = input.prefix ?? (environment === 'live' ? 'LIVE-' : 'SANDBOX-');
	const generated = generateKeyPair({ prefix });
	const publicKeyId = input.publicKeyId ?? generated.publicKeyId;
	state.keys.add({ publicKeyId, publicKeyPem: generated.publicKeyPem, region, environment });
	return { ...generated, publicKeyId, region, environment };
}

/** A JSON object from a control call; `arrayOrNull` also lets a list or null through. */
function readJson<T = Record<string, unknown>>(body: Buffer, arrayOrNull = false): T {
	const text = body.toString('utf8');
	if (text.trim() === '') return {} as T;
	const parsed: unknown = JSON.parse(text);
	const isObject = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed);
	if (!isObject && !(arrayOrNull && (parsed === null || Array.isArray(parsed)))) {
		throw new Error('Send a JSON object');
	}
	return parsed as T;
}
