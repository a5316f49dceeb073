import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { findReportType } from '../../../shared/reportTypes';
import {
	documentOutputProperty,
	documentReadingOptions,
	type CompletionOptions,
} from '../../helpers/documentOptions';
import type { ItemsWithBinary } from '../../helpers/output';
import { getIdParameter } from '../../helpers/parameters';
import { downloadReportDocument, type DocumentOutput } from '../../helpers/reportDocument';
import { reportDocumentIdProperty } from './get.operation';

const properties: INodeProperties[] = [
	reportDocumentIdProperty,
	documentOutputProperty,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			...documentReadingOptions,
			{
				displayName: 'Report Type',
				name: 'reportType',
				type: 'string',
				default: '',
				placeholder: '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_SETTLEMENT_DATA_',
				description:
					"The document's report type, when known: names the file and says how to read it. When empty, a settlement report is recognised by its content.",
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['reportDocument'], operation: ['download'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<ItemsWithBinary> {
	const reportDocumentId = getIdParameter(
		this,
		'reportDocumentId',
		itemIndex,
		'Report Document ID',
		'amzn1.tortuga.4.na.T1VBXMEYZ3ZJX9',
	);
	const output = this.getNodeParameter('documentOutput', itemIndex) as DocumentOutput;
	const options = this.getNodeParameter('options', itemIndex, {}) as CompletionOptions & {
		reportType?: string;
	};

	const reportType = String(options.reportType ?? '').trim();

	return await downloadReportDocument(this, {
		reportDocumentId,
		// A type written in lower case still names the file and picks the reader as Amazon's does.
		report: reportType
			? { reportType: findReportType(reportType)?.value ?? reportType }
			: undefined,
		output,
		binaryPropertyName: options.binaryPropertyName || 'data',
		settlementFacts: options.settlementFacts ?? 'separateItem',
		itemIndex,
	});
}
