import type { INodeProperties } from 'n8n-workflow';

import * as cancel from './cancel.operation';
import * as create from './create.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';

export { cancel, create, get, getMany };

// Amazon Pay API v2 docs: "Report schedules" (https://developer.amazon.com/docs/amazon-pay-api-v2/report-schedules.html)
export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['reportSchedule'] } },
		options: [
			{
				name: 'Cancel',
				value: 'cancel',
				description: 'Stop a schedule; reports it already made stay',
				action: 'Cancel a report schedule',
			},
			{
				name: 'Create',
				value: 'create',
				description: 'Have Amazon Pay create a report type on a fixed frequency',
				action: 'Create a report schedule',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get a report schedule by its ID',
				action: 'Get a report schedule',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				description: 'List report schedules',
				action: 'Get many report schedules',
			},
		],
		default: 'create',
	},
	...cancel.description,
	...create.description,
	...get.description,
	...getMany.description,
];
