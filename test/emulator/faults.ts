// Scripted misbehaviour for tests: throttling, outages, lost connections and slow answers.

import { randomUUID } from 'node:crypto';

export type FaultAction = 'status' | 'drop' | 'dropAfterCommit' | 'delay';

export interface FaultRule {
	match?: { method?: string; path?: string };
	/**
	 * status: answer `status` with an Amazon-shaped error body. drop: close the connection
	 * without an answer. dropAfterCommit: run the operation, then close without an answer.
	 * delay: wait `delayMs`, then go on as usual.
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
}

export interface ActiveFault extends FaultRule {
	id: string;
	remaining: number;
}

export interface FaultTarget {
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
		const delay = this.faults.find((fault) => fault.action === 'delay' && matches(fault, target));
		const outcome = this.faults.find((fault) => fault.action !== 'delay' && matches(fault, target));

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
	if (!['status', 'drop', 'dropAfterCommit', 'delay'].includes(rule.action)) {
		throw new Error(
			`Unknown fault action '${rule.action}': use status, drop, dropAfterCommit or delay`,
		);
	}
	if (rule.action === 'status' && !(Number.isInteger(rule.status) && rule.status! >= 400)) {
		throw new Error('A status fault needs a status of 400 or above');
	}
	if (rule.action === 'delay' && !(typeof rule.delayMs === 'number' && rule.delayMs >= 0)) {
		throw new Error('A delay fault needs delayMs (milliseconds, 0 or more)');
	}
	if (rule.times !== undefined && !(Number.isInteger(rule.times) && rule.times > 0)) {
		throw new Error('times must be a whole number above 0');
	}
}
