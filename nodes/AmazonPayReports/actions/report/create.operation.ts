import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { assertChronological } from '../../../shared/dates';
import { deriveIdempotencyKey, readIdempotencyKey } from '../../../shared/idempotency';
import { assertReportTypeAllowed } from '../../../shared/reportTypes';
import { toCompactUtc } from '../../../shared/signing/amzDate';
import { completionProperties } from '../../helpers/completionProperties';
import { reportTypeOptions } from '../../helpers/descriptions';
import {
	completeReport,
	documentReadingOptions,
	waitOptions,
	type CompletionOptions,
} from '../../helpers/documentOptions';
import type { ItemsWithBinary } from '../../helpers/output';
import type { DocumentOutput } from '../../helpers/reportDocument';
import { getDateParameter } from '../../helpers/parameters';
import { amazonPayApiRequest } from '../../transport';

const properties: INodeProperties[] = [
	{
		displayName: 'Report Type',
		name: 'reportType',
		type: 'options',
		options: reportTypeOptions('create'),
		default: '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_ORDER_REFERENCE_DATA_',
		description:
			'Live settlement reports are not created on request: Amazon Pay makes one with each settlement',
	},
	{
		displayName: 'Start Time',
		name: 'startTime',
		type: 'dateTime',
		default: '',
		required: true,
		description:
			'Start of the period the report covers. Any ISO 8601 date works, e.g. 2024-08-01T00:00:00Z; without an offset, the workflow time zone applies.',
	},
	{
		displayName: 'End Time',
		name: 'endTime',
		type: 'dateTime',
		default: '',
		required: true,
		description: 'End of the period the report covers; must be after the start',
	},
	...completionProperties('create'),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			...waitOptions,
			...documentReadingOptions,
			{
				displayName: 'Idempotency Key',
				name: 'idempotencyKey',
				type: 'string',
				default: '',
				description:
					'Up to 32 letters, digits, "-" or "_". Sending the same key and values again returns the first report instead of creating another. When empty, one is made per item and execution.',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['report'], operation: ['create'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<IDataObject | ItemsWithBinary> {
	const reportType = assertReportTypeAllowed(
		String(this.getNodeParameter('reportType', itemIndex)),
		'create',
	);
	const start = getDateParameter(this, 'startTime', itemIndex, 'Start Time');
	const end = getDateParameter(this, 'endTime', itemIndex, 'End Time');
	assertChronological({ field: 'Start Time', date: start }, { field: 'End Time', date: end });
	const options = this.getNodeParameter('options', itemIndex, {}) as CompletionOptions & {
		idempotencyKey?: unknown;
	};

	const body = { reportType, startTime: toCompactUtc(start), endTime: toCompactUtc(end) };
	const idempotencyKey =
		readIdempotencyKey(options.idempotencyKey) ??
		deriveIdempotencyKey(
			[this.getExecutionId(), this.getNode().id, String(itemIndex)],
			JSON.stringify(body),
		);

	const { reportId } = await amazonPayApiRequest<{ reportId: string }>(this, {
		method: 'POST',
		path: '/v2/reports',
		body,
		idempotencyKey,
		itemIndex,
	});

	const wait = this.getNodeParameter('waitForCompletion', itemIndex, false) as boolean;
	if (!wait) return { reportId, ...body };

	const download = this.getNodeParameter('downloadDocument', itemIndex, false) as boolean;
	return await completeReport(this, { reportId, ...body }, itemIndex, {
		wait,
		download,
		output: this.getNodeParameter('documentOutput', itemIndex, 'rows') as DocumentOutput,
		options,
	});
}
