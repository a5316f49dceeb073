import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as disbursement from './actions/disbursement/Disbursement.resource';
import * as report from './actions/report/Report.resource';
import * as reportDocument from './actions/reportDocument/ReportDocument.resource';
import * as reportSchedule from './actions/reportSchedule/ReportSchedule.resource';
import { router } from './actions/router';
import { requestOptionsProperty } from './transport';

export class AmazonPayReports implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Amazon Pay Reports',
		name: 'amazonPayReports',
		icon: { light: 'file:amazonPay.svg', dark: 'file:amazonPay.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description:
			'Create, wait for and download Amazon Pay settlement and transaction reports, schedules and disbursements',
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
				options: [
					{ name: 'Disbursement', value: 'disbursement' },
					{ name: 'Report', value: 'report' },
					{ name: 'Report Document', value: 'reportDocument' },
					{ name: 'Report Schedule', value: 'reportSchedule' },
				],
				default: 'report',
			},
			...report.description,
			...reportDocument.description,
			...reportSchedule.description,
			...disbursement.description,
			requestOptionsProperty,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
