import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { assertChronological } from '../../../shared/dates';
import { laterPageQuery, type ReportsQuery } from '../../../shared/reportPages';
import { toCompactUtc } from '../../../shared/signing/amzDate';
import { REPORT_STATUSES, reportTypeOptions, returnAllOrLimit } from '../../helpers/descriptions';
import { getDateParameter, getLimitParameter } from '../../helpers/parameters';
import { amazonPayApiRequest } from '../../transport';

const MAX_PAGE_SIZE = 100;

const properties: INodeProperties[] = [
	...returnAllOrLimit,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'Created Since',
				name: 'createdSince',
				type: 'dateTime',
				default: '',
				description: 'Amazon Pay keeps reports for 90 days; the default is 90 days ago',
			},
			{
				displayName: 'Created Until',
				name: 'createdUntil',
				type: 'dateTime',
				default: '',
				description: 'The default is now',
			},
			{
				displayName: 'Processing Statuses',
				name: 'processingStatuses',
				type: 'multiOptions',
				options: REPORT_STATUSES,
				default: [],
			},
			{
				displayName: 'Report Types',
				name: 'reportTypes',
				type: 'multiOptions',
				options: reportTypeOptions(),
				default: [],
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['report'], operation: ['getMany'] } },
	properties,
);

interface ReportsPage {
	reports?: IDataObject[];
	nextToken?: string;
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const returnAll = this.getNodeParameter('returnAll', itemIndex) as boolean;
	const limit = returnAll ? Infinity : getLimitParameter(this, itemIndex);
	const filters = this.getNodeParameter('filters', itemIndex, {}) as {
		createdSince?: string;
		createdUntil?: string;
		processingStatuses?: string[];
		reportTypes?: string[];
	};

	const query: ReportsQuery = {
		reportTypes: filters.reportTypes?.join(',') || undefined,
		processingStatuses: filters.processingStatuses?.join(',') || undefined,
		...readCreatedRange(this, filters, itemIndex),
		pageSize: Math.min(MAX_PAGE_SIZE, limit),
	};

	const reports: IDataObject[] = [];
	let nextToken: string | undefined;
	do {
		const page: ReportsPage = await amazonPayApiRequest<ReportsPage>(this, {
			method: 'GET',
			path: '/v2/reports',
			query: nextToken ? laterPageQuery(query, nextToken) : query,
			itemIndex,
		});
		reports.push(...(page.reports ?? []));
		nextToken = page.nextToken || undefined;
	} while (nextToken && reports.length < limit);

	return reports.slice(0, limit);
}

function readCreatedRange(
	context: IExecuteFunctions,
	filters: { createdSince?: string; createdUntil?: string },
	itemIndex: number,
): { createdSince?: string; createdUntil?: string } {
	const since = filters.createdSince
		? getDateParameter(context, 'filters.createdSince', itemIndex, 'Created Since')
		: undefined;
	const until = filters.createdUntil
		? getDateParameter(context, 'filters.createdUntil', itemIndex, 'Created Until')
		: undefined;
	if (since && until) {
		assertChronological({ field: 'Created Since', date: since }, { field: 'Created Until', date: until });
	}
	return {
		createdSince: since && toCompactUtc(since),
		createdUntil: until && toCompactUtc(until),
	};
}
