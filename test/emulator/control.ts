// Endpoints under /__emulator/ that tests and `npm run emulator` users call to set the stage.
// They are not part of Amazon Pay and need no signature.

import {
	PROCESSING_STATUSES,
	REPORT_TYPES,
	type Environment,
	type ProcessingStatus,
} from './constants';
import { parseAmazonTime } from './dates';
import type { FaultRule } from './faults';
import { generateKeyPair, type EmulatorKey, type PublicKeyIdPrefix } from './keys';
import { toApiReport, type Report } from './reports';
import type { EmulatorState, OperationResponse } from './state';

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
	});
	return toApiReport(report, now);
}

function readSeedTime(name: string, value: string | number | undefined): number | undefined {
	if (value === undefined || typeof value === 'number') return value;

	const ms = parseAmazonTime(value, { allowMillis: true });
	if (ms === undefined)
		throw new Error(`${name} '${value}' is not a UTC time like 20221118T150630Z`);
	return ms;
}

export function describeState(state: EmulatorState) {
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
		requests: state.requestLog,
		faults: state.faults.list(),
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

function readJson<T = Record<string, unknown>>(body: Buffer): T {
	const text = body.toString('utf8');
	if (text.trim() === '') return {} as T;
	const parsed: unknown = JSON.parse(text);
	if (typeof parsed !== 'object' || parsed === null) throw new Error('Send a JSON object');
	return parsed as T;
}
