import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { encodeRfc3986 } from '../../../shared/signing/encoding';
import { completionProperties } from '../../helpers/completionProperties';
import {
	completeReport,
	documentReadingOptions,
	waitOptions,
	type CompletionOptions,
} from '../../helpers/documentOptions';
import type { ItemsWithBinary } from '../../helpers/output';
import { getIdParameter } from '../../helpers/parameters';
import type { DocumentOutput } from '../../helpers/reportDocument';
import { amazonPayApiRequest } from '../../transport';

const properties: INodeProperties[] = [
	{
		displayName: 'Report ID',
		name: 'reportId',
		type: 'string',
		default: '',
		required: true,
		placeholder: '123456789012',
		description: 'The reportId that Create Report or Get Many returned',
	},
	...completionProperties('get'),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [...waitOptions, ...documentReadingOptions],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['report'], operation: ['get'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<IDataObject | ItemsWithBinary> {
	const reportId = getIdParameter(this, 'reportId', itemIndex, 'Report ID', '123456789012');
	const wait = this.getNodeParameter('waitForCompletion', itemIndex, false) as boolean;
	const download = this.getNodeParameter('downloadDocument', itemIndex, false) as boolean;

	const report = await amazonPayApiRequest<IDataObject>(this, {
		method: 'GET',
		path: `/v2/reports/${encodeRfc3986(reportId)}`,
		itemIndex,
	});
	if (!wait && !download) return report;

	return await completeReport(this, report, itemIndex, {
		wait: wait && report.processingStatus !== 'COMPLETED',
		download,
		output: this.getNodeParameter('documentOutput', itemIndex, 'rows') as DocumentOutput,
		options: this.getNodeParameter('options', itemIndex, {}) as CompletionOptions,
	});
}
