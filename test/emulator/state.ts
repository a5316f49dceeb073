// Everything one emulator instance remembers, in one object that operations receive.

import type { Environment } from './constants';
import { FaultList } from './faults';
import { IdempotencyStore } from './idempotency';
import { KeyStore } from './keys';
import { PageTokens } from './pageTokens';
import { ReportStore } from './reports';

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
}

export interface Limits {
	processingDelayMs: number;
	maxFutureSkewMs: number;
	maxDateAgeMs: number;
}

export class EmulatorState {
	readonly keys = new KeyStore();
	readonly reports = new ReportStore();
	readonly idempotency = new IdempotencyStore();
	readonly pageTokens = new PageTokens();
	readonly faults = new FaultList();
	readonly requestLog: RequestLogEntry[] = [];
	private clockOffsetMs = 0;

	constructor(
		private readonly baseClock: () => number,
		readonly limits: Limits,
	) {}

	now(): number {
		return this.baseClock() + this.clockOffsetMs;
	}

	advanceClock(ms: number): void {
		this.clockOffsetMs += ms;
	}

	/** Forgets reports, idempotency keys, page tokens, faults, the log and the clock offset. */
	reset(): void {
		this.reports.clear();
		this.idempotency.clear();
		this.pageTokens.clear();
		this.faults.clear();
		this.requestLog.length = 0;
		this.clockOffsetMs = 0;
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
