// Everything one emulator instance remembers, in one object that operations receive.

import { setTimeout as sleep } from 'node:timers/promises';

import type { Environment } from './constants';
import { DisbursementStore } from './disbursements';
import { DocumentStore } from './documents/documentStore';
import { FaultList } from './faults';
import { IdempotencyStore } from './idempotency';
import { KeyStore } from './keys';
import { PageTokens, type DisbursementCursor, type PageCursor } from './pageTokens';
import { ReportStore } from './reports';
import { ScheduleStore } from './schedules';
import { Throttle } from './throttle';

export interface RequestLogEntry {
	method: string;
	/** Path and query as received. */
	path: string;
	/** The status answered; 0 when the connection was dropped before any answer existed. */
	status: number;
	reasonCode?: string;
	/** Names of the headers received; never their values, which carry the signature. */
	headers: string[];
	idempotencyKey?: string;
	/** The fault rule action that acted on this request, if any. */
	fault?: string;
	/** True when the connection was closed without sending the answer. */
	dropped?: boolean;
	/** 'document' for a download from a report document URL; API calls leave it out. */
	kind?: 'document';
}

export interface Limits {
	processingDelayMs: number;
	maxFutureSkewMs: number;
	maxDateAgeMs: number;
}

/** Settings a test may change while the emulator runs; reset() restores those of the start. */
export interface RuntimeOptions {
	/** Table rows of a generated report document when its report names no size. */
	defaultDocumentRows: number;
	/**
	 * Get Report Schedule By Id: 'wrapped' answers {reportSchedules: [schedule]} as the docs
	 * show, 'flat' answers the schedule itself as the .NET SDK reads it.
	 */
	scheduleByIdShape: 'wrapped' | 'flat';
}

export class EmulatorState {
	readonly keys = new KeyStore();
	readonly reports = new ReportStore();
	readonly idempotency = new IdempotencyStore();
	readonly pageTokens = new PageTokens<PageCursor>();
	readonly disbursementPageTokens = new PageTokens<DisbursementCursor>();
	readonly documents = new DocumentStore();
	readonly schedules = new ScheduleStore();
	readonly disbursements = new DisbursementStore();
	readonly faults = new FaultList();
	readonly throttle = new Throttle();
	readonly requestLog: RequestLogEntry[] = [];
	/** Where the server listens, for the document URLs it hands out. Set once it listens. */
	baseUrl = '';
	options: RuntimeOptions;
	/** Aborted by close(), so that delayed and stalled answers end at once. */
	private readonly closing = new AbortController();
	private clockOffsetMs = 0;

	constructor(
		private readonly baseClock: () => number,
		readonly limits: Limits,
		private initialOptions: RuntimeOptions,
	) {
		this.options = { ...initialOptions };
	}

	/** Makes the options as they are now the ones reset() restores. */
	keepOptionsForReset(): void {
		this.initialOptions = { ...this.options };
	}

	now(): number {
		return this.baseClock() + this.clockOffsetMs;
	}

	/** A negative value moves the clock back, which puts a client's x-amz-pay-date ahead. */
	advanceClock(ms: number): void {
		this.clockOffsetMs += ms;
	}

	setOptions(options: Partial<RuntimeOptions>): RuntimeOptions {
		const { defaultDocumentRows, scheduleByIdShape } = options;
		if (
			defaultDocumentRows !== undefined &&
			!(Number.isInteger(defaultDocumentRows) && defaultDocumentRows >= 0)
		) {
			throw new Error('defaultDocumentRows must be a whole number, 0 or more');
		}
		if (scheduleByIdShape !== undefined && !['wrapped', 'flat'].includes(scheduleByIdShape)) {
			throw new Error("scheduleByIdShape must be 'wrapped' or 'flat'");
		}

		if (defaultDocumentRows !== undefined) this.options.defaultDocumentRows = defaultDocumentRows;
		if (scheduleByIdShape !== undefined) this.options.scheduleByIdShape = scheduleByIdShape;
		return { ...this.options };
	}

	/** Makes the reports of every schedule creation the clock has passed. */
	runSchedules(): void {
		for (const { schedule, creationTime } of this.schedules.takeDue(this.now())) {
			this.reports.add({
				environment: schedule.environment,
				reportType: schedule.reportType,
				startTime: creationTime - schedule.periodMs,
				endTime: creationTime,
				createdTime: creationTime,
				processingDelayMs: this.limits.processingDelayMs,
			});
		}
	}

	/** Waits on the emulator's behalf; rejects as soon as the emulator closes. */
	wait(ms: number): Promise<void> {
		return sleep(ms, undefined, { signal: this.closing.signal });
	}

	get closed(): boolean {
		return this.closing.signal.aborted;
	}

	close(): void {
		this.closing.abort();
	}

	/**
	 * Forgets reports, schedules, disbursements, documents, idempotency keys, page tokens,
	 * faults, the throttle, the log and the clock offset, and restores the start options.
	 */
	reset(): void {
		this.reports.clear();
		this.schedules.clear();
		this.disbursements.clear();
		this.documents.clear();
		this.idempotency.clear();
		this.pageTokens.clear();
		this.disbursementPageTokens.clear();
		this.faults.clear();
		this.throttle.set(null);
		this.requestLog.length = 0;
		this.clockOffsetMs = 0;
		this.options = { ...this.initialOptions };
	}
}

export interface OperationRequest {
	environment: Environment;
	publicKeyId: string;
	pathParameters: Record<string, string>;
	/** Decoded query parameters; a '+' stays a plus. */
	query: Map<string, string>;
	body: Buffer;
	now: number;
	/** Where the client reached the emulator, e.g. http://127.0.0.1:8444. */
	baseUrl: string;
}

export interface OperationResponse {
	status: number;
	body: unknown;
}

export interface Operation {
	method: 'GET' | 'POST' | 'DELETE';
	/** Path after the environment segment, with {name} placeholders: /v2/reports/{reportId}. */
	path: string;
	execute(request: OperationRequest, state: EmulatorState): OperationResponse;
}
