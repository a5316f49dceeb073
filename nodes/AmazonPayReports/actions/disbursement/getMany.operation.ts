import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { assertChronological } from '../../../shared/dates';
import { toCompactUtc } from '../../../shared/signing/amzDate';
import { returnAllOrLimit } from '../../helpers/descriptions';
import { getDateParameter, getLimitParameter } from '../../helpers/parameters';
import { amazonPayApiRequest } from '../../transport';

const MAX_PAGE_SIZE = 100;

const properties: INodeProperties[] = [
	{
		displayName: 'Settled From',
		name: 'startTime',
		type: 'dateTime',
		default: '',
		required: true,
		description: 'Start of the settlement date range, e.g. 2024-08-01T00:00:00Z',
	},
	{
		displayName: 'Settled Until',
		name: 'endTime',
		type: 'dateTime',
		default: '',
		required: true,
		description: 'End of the settlement date range; must be after the start',
	},
	...returnAllOrLimit,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['disbursement'], operation: ['getMany'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const start = getDateParameter(this, 'startTime', itemIndex, 'Settled From');
	const end = getDateParameter(this, 'endTime', itemIndex, 'Settled Until');
	assertChronological({ field: 'Settled From', date: start }, { field: 'Settled Until', date: end });
	const returnAll = this.getNodeParameter('returnAll', itemIndex) as boolean;
	const limit = returnAll ? Infinity : getLimitParameter(this, itemIndex);

	const query = {
		startTime: toCompactUtc(start),
		endTime: toCompactUtc(end),
		pageSize: Math.min(MAX_PAGE_SIZE, limit),
	};

	const disbursements: IDataObject[] = [];
	let nextToken: string | undefined;
	do {
		const page = await amazonPayApiRequest<{ disbursements?: IDataObject[]; nextToken?: string }>(
			this,
			{ method: 'GET', path: '/v2/disbursements', query: { ...query, nextToken }, itemIndex },
		);
		disbursements.push(...(page.disbursements ?? []));
		nextToken = page.nextToken || undefined;
	} while (nextToken && disbursements.length < limit);

	return disbursements.slice(0, limit);
}
