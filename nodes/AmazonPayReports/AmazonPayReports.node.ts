import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as report from './actions/report/Report.resource';
import { router } from './actions/router';

export class AmazonPayReports implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Amazon Pay Reports',
		name: 'amazonPayReports',
		icon: { light: 'file:amazonPay.svg', dark: 'file:amazonPay.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description: 'Create, list and download Amazon Pay settlement and transaction reports',
		defaults: { name: 'Amazon Pay Reports' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'amazonPayApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [{ name: 'Report', value: 'report' }],
				default: 'report',
			},
			...report.description,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
