import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import { encodeRfc3986 } from '../../shared/signing/encoding';
import { FINAL_STATUSES, nextPollDelayMs } from '../../shared/waitPolicy';
import { amazonPayApiRequest } from '../transport';

export interface WaitOptions {
	maxWaitMs: number;
	maxPollIntervalMs: number;
	itemIndex: number;
}

// Short sleeps, so a cancelled execution stops waiting within a second.
const SLEEP_SLICE_MS = 1000;

/** Asks for the report until Amazon Pay has finished it; only COMPLETED comes back. */
export async function waitForReport(
	context: IExecuteFunctions,
	reportId: string,
	options: WaitOptions,
): Promise<IDataObject> {
	const startedAt = Date.now();
	const cancelSignal = context.getExecutionCancelSignal?.();

	for (;;) {
		const report = await amazonPayApiRequest<IDataObject>(context, {
			method: 'GET',
			path: `/v2/reports/${encodeRfc3986(reportId)}`,
			itemIndex: options.itemIndex,
		});
		const status = String(report.processingStatus ?? '');
		if (status === 'COMPLETED') return report;
		if (FINAL_STATUSES.has(status)) throw endedError(context, reportId, status, options.itemIndex);

		const elapsedMs = Date.now() - startedAt;
		if (elapsedMs >= options.maxWaitMs) throw timeoutError(context, reportId, status, options);

		const delayMs = Math.min(
			nextPollDelayMs(elapsedMs, options.maxPollIntervalMs),
			options.maxWaitMs - elapsedMs,
		);
		for (let slept = 0; slept < delayMs; slept += SLEEP_SLICE_MS) {
			if (cancelSignal?.aborted) {
				throw new NodeOperationError(
					context.getNode(),
					`Stopped waiting for Amazon Pay report ${reportId}: the execution was cancelled`,
					{ itemIndex: options.itemIndex },
				);
			}
			await sleep(Math.min(SLEEP_SLICE_MS, delayMs - slept));
		}
	}
}

/** A report that ended without a document: waiting longer would not help. */
export function endedError(
	context: IExecuteFunctions,
	reportId: string,
	status: string,
	itemIndex: number,
): NodeOperationError {
	const why =
		status === 'CANCELLED'
			? 'Amazon Pay cancels a report when the period has no data, or when it was cancelled.'
			: 'Amazon Pay could not build it; create it again, perhaps for a shorter period.';
	return new NodeOperationError(
		context.getNode(),
		`Amazon Pay report ${reportId} ended ${status}, so it has no document`,
		{ description: why, itemIndex },
	);
}

function timeoutError(
	context: IExecuteFunctions,
	reportId: string,
	status: string,
	options: WaitOptions,
): NodeOperationError {
	const waited = describeWait(options.maxWaitMs);
	return new NodeOperationError(
		context.getNode(),
		`Amazon Pay report ${reportId} is still ${status || 'not finished'} after ${waited}`,
		{
			description:
				'Raise "Max Wait (Minutes)", or fetch it later with Report > Get using this reportId; the report keeps being processed.',
			itemIndex: options.itemIndex,
		},
	);
}

// A Max Wait set by an expression can be under a minute; "0 minute(s)" would read as no wait.
function describeWait(maxWaitMs: number): string {
	if (maxWaitMs < 60_000) return `${Math.round(maxWaitMs / 100) / 10} second(s)`;
	return `${Math.round((maxWaitMs / 60_000) * 10) / 10} minute(s)`;
}
