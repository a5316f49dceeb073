import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { SettlementFactsPlacement } from '../../shared/flatFile/reader';
import { readNumber } from '../../shared/numbers';
import { DEFAULT_MAX_POLL_INTERVAL_MS, DEFAULT_MAX_WAIT_MS } from '../../shared/waitPolicy';
import { ItemsWithBinary } from './output';
import { downloadReportDocument, type DocumentOutput } from './reportDocument';
import { endedError, waitForReport } from './waitForReport';

export const documentOutputProperty: INodeProperties = {
	displayName: 'Output',
	name: 'documentOutput',
	type: 'options',
	options: [
		{ name: 'Binary File', value: 'binary', description: 'The CSV file as n8n binary data' },
		{ name: 'One Item per Row', value: 'rows', description: 'Each row of the report as an item' },
		{
			name: 'Both',
			value: 'both',
			description: 'One item with the file, followed by one item per row',
		},
	],
	default: 'rows',
};

/** Options on how a document becomes output; shared by every operation that downloads one. */
export const documentReadingOptions: INodeProperties[] = [
	{
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		description: 'The binary field that holds the downloaded file',
	},
	{
		displayName: 'Settlement Facts',
		name: 'settlementFacts',
		type: 'options',
		options: [
			{
				name: 'Separate First Item',
				value: 'separateItem',
				description: 'One item with the settlement facts, then the transaction rows',
			},
			{
				name: 'Fields on Every Row',
				value: 'eachRow',
				description: 'Settlement facts (SellerId, TotalAmount, …) added to each row',
			},
			{ name: 'Leave Out', value: 'omit' },
		],
		default: 'separateItem',
		description:
			'A settlement report opens with facts about the settlement before its transaction table; where they go',
	},
];

export const waitOptions: INodeProperties[] = [
	{
		displayName: 'Max Wait (Minutes)',
		name: 'maxWaitMinutes',
		type: 'number',
		typeOptions: { minValue: 0.1 },
		default: 15,
		description: 'How long to wait for Amazon Pay to finish the report before failing',
	},
	{
		displayName: 'Max Poll Interval (Seconds)',
		name: 'maxPollIntervalSeconds',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 60,
		description:
			'The longest pause between two checks. Checks start every half second and grow to a tenth of the time waited so far.',
	},
];

export interface CompletionOptions {
	maxWaitMinutes?: number;
	maxPollIntervalSeconds?: number;
	binaryPropertyName?: string;
	settlementFacts?: SettlementFactsPlacement;
}

/**
 * What Create and Get hand on: the report as it is, the report once completed, or its document.
 */
export async function completeReport(
	context: IExecuteFunctions,
	report: IDataObject,
	itemIndex: number,
	settings: { wait: boolean; download: boolean; output: DocumentOutput; options: CompletionOptions },
): Promise<IDataObject | ItemsWithBinary> {
	const reportId = String(report.reportId);
	let current = report;
	if (settings.wait) {
		const { maxWaitMinutes, maxPollIntervalSeconds } = settings.options;
		current = await waitForReport(context, reportId, {
			maxWaitMs:
				maxWaitMinutes === undefined
					? DEFAULT_MAX_WAIT_MS
					: readNumber(maxWaitMinutes, {
							field: 'Max Wait (Minutes)',
							min: 0,
							aboveMin: true,
							example: DEFAULT_MAX_WAIT_MS / 60_000,
						}) * 60_000,
			maxPollIntervalMs:
				maxPollIntervalSeconds === undefined
					? DEFAULT_MAX_POLL_INTERVAL_MS
					: readNumber(maxPollIntervalSeconds, {
							field: 'Max Poll Interval (Seconds)',
							min: 0,
							aboveMin: true,
							example: DEFAULT_MAX_POLL_INTERVAL_MS / 1000,
						}) * 1000,
			itemIndex,
		});
	}
	if (!settings.download) return current;

	if (!current.reportDocumentId) throw noDocumentError(context, current, itemIndex);
	return await downloadReportDocument(context, {
		reportDocumentId: String(current.reportDocumentId),
		report: current,
		output: settings.output,
		binaryPropertyName: settings.options.binaryPropertyName || 'data',
		settlementFacts: settings.options.settlementFacts ?? 'separateItem',
		itemIndex,
	});
}

/** A report without a document: one still running can be waited for, one that ended cannot. */
function noDocumentError(
	context: IExecuteFunctions,
	report: IDataObject,
	itemIndex: number,
): NodeOperationError {
	const reportId = String(report.reportId);
	const status = String(report.processingStatus);
	if (status === 'FAILED' || status === 'CANCELLED') {
		return endedError(context, reportId, status, itemIndex);
	}
	return new NodeOperationError(
		context.getNode(),
		`Amazon Pay report ${reportId} has no document yet (processingStatus ${status})`,
		{
			description: 'Turn on "Wait for Completion" to wait until Amazon Pay has finished the report.',
			itemIndex,
		},
	);
}
