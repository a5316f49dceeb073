// Scripted misbehaviour for tests: throttling, outages, lost connections, slow answers, and
// downloads that break off or expire.

import { randomUUID } from 'node:crypto';

import { DOCUMENT_PREFIX } from './constants';

export type FaultAction =
	| 'status'
	| 'drop'
	| 'dropAfterCommit'
	| 'delay'
	| 'truncate'
	| 'expire'
	| 'slow'
	| 'unsized';

const ACTIONS: FaultAction[] = [
	'status',
	'drop',
	'dropAfterCommit',
	'delay',
	'truncate',
	'expire',
	'slow',
	'unsized',
];

// These act on report document downloads only; a rule with one of them needs no path.
const DOCUMENT_ACTIONS: FaultAction[] = ['truncate', 'expire', 'slow', 'unsized'];

export interface FaultRule {
	match?: { method?: string; path?: string };
	/**
	 * status: answer `status` with an Amazon-shaped error body (S3-shaped XML on a download).
	 * drop: close the connection without an answer. dropAfterCommit: run the operation, then
	 * close without an answer. delay: wait `delayMs`, then go on as usual (a delay longer than
	 * a client's timeout is a hung answer; close() ends it).
	 * Downloads only: truncate: send the headers with the full content-length, `afterBytes`
	 * of the body (half when left out), then close. expire: answer 403 as an expired URL.
	 * slow: send the headers and `afterBytes` of the body (0 when left out), stall `delayMs`,
	 * then send the rest. unsized: send the whole body without a content-length (chunked), as a
	 * proxy that re-encodes the answer does.
	 */
	action: FaultAction;
	status?: number;
	reasonCode?: string;
	message?: string;
	/** How many matching requests the rule acts on; 1 when left out. */
	times?: number;
	delayMs?: number;
	/** Value of the Retry-After header sent with a status answer. */
	retryAfter?: number | string;
	/** Body bytes sent before a truncate cuts the connection or a slow rule stalls. */
	afterBytes?: number;
}

export interface ActiveFault extends FaultRule {
	id: string;
	remaining: number;
}

export interface FaultTarget {
	/** A report document download, or an Amazon Pay API call. */
	kind: 'api' | 'document';
	method: string;
	rawPath: string;
	/** The path without its /live or /sandbox segment, e.g. /v2/reports. */
	apiPath: string;
}

export class FaultList {
	private faults: ActiveFault[] = [];

	add(rule: FaultRule): ActiveFault {
		validateRule(rule);
		const fault: ActiveFault = { ...rule, id: randomUUID(), remaining: rule.times ?? 1 };
		this.faults.push(fault);
		return fault;
	}

	/** Takes one use of the first matching delay and of the first matching other fault. */
	take(target: FaultTarget): { delay?: ActiveFault; outcome?: ActiveFault } {
		const applies = (fault: ActiveFault) =>
			scopeOf(fault) === target.kind && matches(fault, target);
		const delay = this.faults.find((fault) => fault.action === 'delay' && applies(fault));
		const outcome = this.faults.find((fault) => fault.action !== 'delay' && applies(fault));

		for (const fault of [delay, outcome]) {
			if (fault) fault.remaining--;
		}
		this.faults = this.faults.filter((fault) => fault.remaining > 0);
		return { delay, outcome };
	}

	list(): ActiveFault[] {
		return this.faults.map((fault) => ({ ...fault }));
	}

	clear(): void {
		this.faults = [];
	}
}

// A rule acts on downloads when its action is for downloads or its path names the document
// URLs; otherwise on API calls only, so a rule written for the API never breaks a download.
function scopeOf(rule: FaultRule): FaultTarget['kind'] {
	const path = rule.match?.path ?? '';
	const documentPath = DOCUMENT_PREFIX.slice(0, -1);
	return DOCUMENT_ACTIONS.includes(rule.action) || path.startsWith(documentPath)
		? 'document'
		: 'api';
}

// A path ending in '*' matches by prefix; either form of a path matches, with or without
// the environment segment.
function matches(fault: ActiveFault, target: FaultTarget): boolean {
	const { method, path } = fault.match ?? {};
	if (method && method.toUpperCase() !== target.method) return false;
	if (!path) return true;

	if (path.endsWith('*')) {
		const prefix = path.slice(0, -1);
		return target.rawPath.startsWith(prefix) || target.apiPath.startsWith(prefix);
	}
	return target.rawPath === path || target.apiPath === path;
}

function validateRule(rule: FaultRule): void {
	if (!ACTIONS.includes(rule.action)) {
		throw new Error(`Unknown fault action '${rule.action}': use ${ACTIONS.join(', ')}`);
	}
	if (rule.action === 'dropAfterCommit' && scopeOf(rule) === 'document') {
		throw new Error('dropAfterCommit acts on API calls only: a download commits nothing');
	}
	if (rule.action === 'status' && !(Number.isInteger(rule.status) && rule.status! >= 400)) {
		throw new Error('A status fault needs a status of 400 or above');
	}
	const needsDelay = rule.action === 'delay' || rule.action === 'slow';
	if (needsDelay && !(typeof rule.delayMs === 'number' && rule.delayMs >= 0)) {
		throw new Error(`A ${rule.action} fault needs delayMs (milliseconds, 0 or more)`);
	}
	if (rule.afterBytes !== undefined && !(Number.isInteger(rule.afterBytes) && rule.afterBytes >= 0)) {
		throw new Error('afterBytes must be a whole number of bytes, 0 or more');
	}
	if (rule.times !== undefined && !(Number.isInteger(rule.times) && rule.times > 0)) {
		throw new Error('times must be a whole number above 0');
	}
}
