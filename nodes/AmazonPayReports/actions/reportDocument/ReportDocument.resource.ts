import type { INodeProperties } from 'n8n-workflow';

import * as download from './download.operation';
import * as get from './get.operation';

export { download, get };

// Amazon Pay API v2 docs: "Reports", Get Report Document
// (https://developer.amazon.com/docs/amazon-pay-api-v2/reports.html#get-report-document)
export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['reportDocument'] } },
		options: [
			{
				name: 'Download',
				value: 'download',
				description: 'Download the report file at once, as a file or as rows',
				action: 'Download a report document',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get the short-lived download link of a report document',
				action: 'Get a report document',
			},
		],
		default: 'download',
	},
	...download.description,
	...get.description,
];
