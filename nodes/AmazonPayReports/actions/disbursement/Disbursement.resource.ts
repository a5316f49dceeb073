import type { INodeProperties } from 'n8n-workflow';

import * as getMany from './getMany.operation';

export { getMany };

// Amazon Pay API v2 docs: "Disbursements" (https://developer.amazon.com/docs/amazon-pay-api-v2/disbursement.html)
export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['disbursement'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getMany',
				description: 'List payouts to the bank account in a settlement date range',
				action: 'Get many disbursements',
			},
		],
		default: 'getMany',
	},
	...getMany.description,
];
