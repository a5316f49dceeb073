import type {
	IDataObject,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeApiError, NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import type { AmazonPayInputError } from '../shared/errors';
import type { SettlementFactsPlacement } from '../shared/flatFile/reader';
import { readNumber } from '../shared/numbers';
import {
	advanceCursor,
	isReportCursor,
	firstFailureMs,
	newlyCompleted,
	startCursor,
	windowStartMs,
	type ReportCursor,
} from '../shared/reportCursor';
import { laterPageQuery, type ReportsQuery } from '../shared/reportPages';
import { SETTLEMENT_REPORT_TYPES } from '../shared/reportTypes';
import { toCompactUtc } from '../shared/signing/amzDate';
import { documentReadingOptions } from '../AmazonPayReports/helpers/documentOptions';
import { reportTypeOptions } from '../AmazonPayReports/helpers/descriptions';
import { downloadReportDocument, type DocumentOutput } from '../AmazonPayReports/helpers/reportDocument';
import { amazonPayApiRequest } from '../AmazonPayReports/transport';

interface ListedReport extends IDataObject {
	reportId: string;
	createdTime?: string;
	processingStatus?: string;
	processingEndTime?: string;
	reportDocumentId?: string;
}

const PAGE_SIZE = 100;
// Amazon Pay keeps reports for 90 days and refuses a createdSince older than that.
const MOST_DAYS_BACK = 89;
// Leave this share of n8n's poll budget for handing the items on.
const BUDGET_SHARE = 0.8;

export class AmazonPayReportsTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Amazon Pay Reports Trigger',
		name: 'amazonPayReportsTrigger',
		icon: { light: 'file:amazonPay.svg', dark: 'file:amazonPay.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ "Completed " + ($parameter["reportTypes"] || []).length + " report type(s)" }}',
		description: 'Starts the workflow when Amazon Pay completes a report, such as each settlement report',
		defaults: { name: 'Amazon Pay Reports Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'amazonPayApi', required: true }],
		properties: [
			{
				displayName: 'Report Types',
				name: 'reportTypes',
				type: 'multiOptions',
				options: reportTypeOptions(),
				default: [...SETTLEMENT_REPORT_TYPES],
				description:
					'Which completed reports start the workflow. Settlement reports arrive with each payout; others when a schedule or a workflow creates them.',
			},
			{
				displayName: 'Attach Document',
				name: 'attachDocument',
				type: 'options',
				options: [
					{ name: 'None', value: 'none', description: 'One item per report, without its file' },
					{
						name: 'Binary File',
						value: 'binary',
						description: 'One item per report, with the CSV file as binary data',
					},
					{
						name: 'One Item per Row',
						value: 'rows',
						description: "Each row of each report as an item, with the report's ID",
					},
					{
						name: 'Both',
						value: 'both',
						description: 'Per report: one item with the file, followed by one item per row',
					},
				],
				default: 'none',
			},
			{
				displayName: 'Include Reports From the Last (Days)',
				name: 'includeLastDays',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: MOST_DAYS_BACK },
				default: 0,
				description:
					'On first activation, also start the workflow for reports completed this many days back. 0 starts from now.',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				displayOptions: { hide: { attachDocument: ['none'] } },
				options: documentReadingOptions,
			},
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const reportTypes = this.getNodeParameter('reportTypes', []) as string[];
		if (this.getMode() === 'manual') return await sampleNewestReport(this, reportTypes);

		const pollStartedMs = Date.now();
		const staticData = this.getWorkflowStaticData('node');
		const cursor: ReportCursor = isReportCursor(staticData.cursor)
			? staticData.cursor
			: startCursor(pollStartedMs, readIncludeLastDays(this));

		// Everything in the window, every page, before anything moves: a failed poll loses nothing.
		// No createdUntil: Amazon's "now" then ends the window, whatever this server's clock says.
		const reports = await listReports(this, reportTypes, {
			createdSince: toCompactUtc(new Date(windowStartMs(cursor, pollStartedMs))),
			processingStatuses: 'COMPLETED,IN_PROGRESS',
		});

		const budgetMs = (this.getPollBudgetMs?.() ?? Infinity) * BUDGET_SHARE;
		const handedOn: ListedReport[] = [];
		const items: INodeExecutionData[] = [];
		const failed: string[] = [];
		let firstFailure: NodeOperationError | undefined;
		for (const report of newlyCompleted(cursor, reports)) {
			if (handedOn.length > 0 && Date.now() - pollStartedMs > budgetMs) break;
			let reportOutput: INodeExecutionData[];
			try {
				reportOutput = await reportItems(this, report);
			} catch (caught) {
				// A report whose document cannot be had waits for later polls, without holding up
				// the others; an hour after the first failure it is handed on with the error.
				const failure = asNodeError(this, caught);
				const failingForMs = pollStartedMs - firstFailureMs(cursor, report.reportId, pollStartedMs);
				if (failingForMs < DOCUMENT_RETRY_WINDOW_MS) {
					failed.push(report.reportId);
					firstFailure ??= new NodeOperationError(
						this.getNode(),
						`Amazon Pay report ${report.reportId}: ${failure.message}`,
						{ description: failure.description ?? undefined },
					);
					continue;
				}
				reportOutput = [{ json: { ...report, documentError: describeFailure(failure) } }];
			}
			// One by one: a report's rows can be more than a spread's arguments may be.
			for (const item of reportOutput) items.push(item);
			handedOn.push(report);
		}

		staticData.cursor = advanceCursor(cursor, reports, handedOn, pollStartedMs, failed);
		// Thrown, the poll shows its error; n8n then keeps the cursor as it was.
		if (items.length === 0 && firstFailure) throw firstFailure;
		return items.length > 0 ? [items] : null;
	}
}

// How long a report's document may keep failing, from the first failure, before the report is
// handed on without it, its error attached.
const DOCUMENT_RETRY_WINDOW_MS = 60 * 60_000;

function asNodeError(context: IPollFunctions, error: unknown): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(context.getNode(), error as Error);
}

function describeFailure(error: NodeApiError | NodeOperationError): IDataObject {
	const { message, description } = error;
	return description ? { message, description } : { message };
}

function readIncludeLastDays(context: IPollFunctions): number {
	const value = context.getNodeParameter('includeLastDays', 0);
	try {
		return readNumber(value, {
			field: 'Include Reports From the Last (Days)',
			min: 0,
			max: MOST_DAYS_BACK,
			example: 7,
		});
	} catch (error) {
		const { message, hint } = error as AmazonPayInputError;
		throw new NodeOperationError(context.getNode(), message, { description: hint });
	}
}

async function listReports(
	context: IPollFunctions,
	reportTypes: string[],
	window: { createdSince: string; processingStatuses: string },
): Promise<ListedReport[]> {
	const wanted = new Set(reportTypes);
	const firstPage: ReportsQuery = {
		...window,
		reportTypes: reportTypes.join(',') || undefined,
		pageSize: PAGE_SIZE,
	};
	const reports: ListedReport[] = [];
	let nextToken: string | undefined;
	do {
		const page = await amazonPayApiRequest<{ reports?: ListedReport[]; nextToken?: string }>(
			context,
			{
				method: 'GET',
				path: '/v2/reports',
				query: nextToken ? laterPageQuery(firstPage, nextToken) : firstPage,
			},
		);
		reports.push(...(page.reports ?? []));
		nextToken = page.nextToken || undefined;
	} while (nextToken);

	// Amazon filters by type too; this keeps the trigger right if a later page ignores the filter.
	// A report listed on two pages (pages shifted by a new report) counts once.
	const seen = new Set<string>();
	return reports.filter((report) => {
		if (seen.has(report.reportId) || (wanted.size > 0 && !wanted.has(String(report.reportType)))) {
			return false;
		}
		seen.add(report.reportId);
		return true;
	});
}

async function reportItems(context: IPollFunctions, report: ListedReport): Promise<INodeExecutionData[]> {
	const attach = context.getNodeParameter('attachDocument', 'none') as DocumentOutput | 'none';
	if (attach === 'none' || !report.reportDocumentId) return [{ json: report }];

	const options = context.getNodeParameter('options', {}) as {
		binaryPropertyName?: string;
		settlementFacts?: SettlementFactsPlacement;
	};
	const { items } = await downloadReportDocument(context, {
		reportDocumentId: report.reportDocumentId,
		report,
		output: attach,
		binaryPropertyName: options.binaryPropertyName || 'data',
		settlementFacts: options.settlementFacts ?? 'separateItem',
		itemIndex: 0,
	});
	if (attach === 'binary') return items;
	// A report without rows (a day without orders) still starts the workflow, once.
	if (items.length === 0) return [{ json: { ...report, rowCount: 0 } }];

	// Rows of several reports can share one execution: each row names its report.
	return items.map((item) =>
		item.binary ? item : { json: { reportId: report.reportId, ...item.json } },
	);
}

async function sampleNewestReport(
	context: IPollFunctions,
	reportTypes: string[],
): Promise<INodeExecutionData[][]> {
	const { reports } = await amazonPayApiRequest<{ reports?: ListedReport[] }>(context, {
		method: 'GET',
		path: '/v2/reports',
		query: {
			reportTypes: reportTypes.join(',') || undefined,
			processingStatuses: 'COMPLETED',
			pageSize: 1,
		},
	});
	const newest = reports?.[0];
	if (!newest) {
		throw new NodeOperationError(
			context.getNode(),
			'No completed report of the chosen types in the last 90 days',
			{
				description:
					'Amazon Pay creates a settlement report with each settlement. To see the output now, create a report with the Amazon Pay Reports node, or pick other report types.',
			},
		);
	}
	return [await reportItems(context, newest)];
}
