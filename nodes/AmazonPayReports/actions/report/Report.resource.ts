import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';

export { create, get, getMany };

// Amazon Pay API v2 docs: "Reports" (https://developer.amazon.com/docs/amazon-pay-api-v2/reports.html)
export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['report'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Ask Amazon Pay to create a report for a period',
				action: 'Create a report',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get a report by its ID, with its processing status',
				action: 'Get a report',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				description: 'List reports, newest first',
				action: 'Get many reports',
			},
		],
		default: 'create',
	},
	...create.description,
	...get.description,
	...getMany.description,
];
