import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { reportTypeOptions } from '../../helpers/descriptions';
import { amazonPayApiRequest } from '../../transport';

const properties: INodeProperties[] = [
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'Report Types',
				name: 'reportTypes',
				type: 'multiOptions',
				options: reportTypeOptions('schedule'),
				default: [],
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['reportSchedule'], operation: ['getMany'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const filters = this.getNodeParameter('filters', itemIndex, {}) as { reportTypes?: string[] };

	const { reportSchedules } = await amazonPayApiRequest<{ reportSchedules?: IDataObject[] }>(this, {
		method: 'GET',
		path: '/v2/report-schedules',
		query: { reportTypes: filters.reportTypes?.join(',') || undefined },
		itemIndex,
	});

	return reportSchedules ?? [];
}
