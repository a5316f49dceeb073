// A workflow that creates one report per input item while the emulator throttles like Amazon
// (a token bucket per public key ID), and what came of it. Used by the load test in CI with
// a hundred items and by bench/load.ts with a thousand.
import type { IDataObject } from 'n8n-workflow';

import type { Emulator, FaultRule, ThrottleSettings } from '../emulator';
import { runWorkflow } from '../runner';
import { emulatorCredentials } from './emulatorCredentials';
import { singleNodeWorkflow } from './workflows';

const ORDER_REFERENCE = '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_ORDER_REFERENCE_DATA_';
const DAY = 24 * 3600_000;

export interface LoadOutcome {
	status: string;
	items: number;
	answered: number;
	errors: number;
	reportIds: Set<string>;
	reportsCreated: number;
	requests: number;
	throttled: number;
	milliseconds: number;
}

export async function runCreateLoad(
	emulator: Emulator,
	itemCount: number,
	throttle: ThrottleSettings,
	faults: FaultRule[] = [],
): Promise<LoadOutcome> {
	emulator.reset();
	emulator.setThrottle(throttle);
	for (const fault of faults) emulator.addFault(fault);
	const first = Date.UTC(2024, 0, 1);
	const items: IDataObject[] = Array.from({ length: itemCount }, (_, index) => ({
		start: new Date(first + index * DAY).toISOString(),
		end: new Date(first + (index + 1) * DAY).toISOString(),
	}));
	const workflow = singleNodeWorkflow(
		{
			resource: 'report',
			operation: 'create',
			reportType: ORDER_REFERENCE,
			startTime: '={{ $json.start }}',
			endTime: '={{ $json.end }}',
		},
		{ items, onError: 'continueRegularOutput' },
	);

	const startedAt = Date.now();
	const result = await runWorkflow(workflow, {
		credentials: { amazonPayApi: emulatorCredentials(emulator) },
	});
	const milliseconds = Date.now() - startedAt;

	const output = result.outputs['Amazon Pay'] ?? [];
	const requests = emulator.requests();
	return {
		status: result.status,
		items: itemCount,
		answered: output.length,
		errors: output.filter((item) => item.json.error !== undefined).length,
		reportIds: new Set(output.map((item) => item.json.reportId as string).filter(Boolean)),
		reportsCreated: emulator.reports().length,
		requests: requests.length,
		throttled: requests.filter((request) => request.status === 429).length,
		milliseconds,
	};
}
