import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { AmazonPayInputError } from '../../../shared/errors';
import { deriveIdempotencyKey, readIdempotencyKey } from '../../../shared/idempotency';
import { assertReportTypeAllowed } from '../../../shared/reportTypes';
import { toCompactUtc } from '../../../shared/signing/amzDate';
import { SCHEDULE_FREQUENCIES, reportTypeOptions } from '../../helpers/descriptions';
import { getDateParameter } from '../../helpers/parameters';
import { amazonPayApiRequest } from '../../transport';

const FREQUENCIES = SCHEDULE_FREQUENCIES.map((option) => String(option.value));

const properties: INodeProperties[] = [
	{
		displayName: 'Report Type',
		name: 'reportType',
		type: 'options',
		options: reportTypeOptions('schedule'),
		default: '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_ORDER_REFERENCE_DATA_',
		description: 'Amazon Pay keeps one schedule per report type',
	},
	{
		displayName: 'Frequency',
		name: 'scheduleFrequency',
		type: 'options',
		options: SCHEDULE_FREQUENCIES,
		default: 'P1D',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Idempotency Key',
				name: 'idempotencyKey',
				type: 'string',
				default: '',
				description:
					'Up to 32 letters, digits, "-" or "_". Sending the same key and values again returns the first schedule. When empty, one is made per item and execution.',
			},
			{
				displayName: 'Next Report Creation Time',
				name: 'nextReportCreationTime',
				type: 'dateTime',
				default: '',
				description: 'When Amazon Pay creates the first report; Amazon picks a time when empty',
			},
			{
				displayName: 'Replace Existing Schedule',
				name: 'deleteExistingSchedule',
				type: 'boolean',
				default: false,
				description:
					'Whether to replace the schedule this report type already has; without it Amazon Pay refuses a second schedule',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['reportSchedule'], operation: ['create'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const reportType = assertReportTypeAllowed(
		String(this.getNodeParameter('reportType', itemIndex)),
		'schedule',
	);
	const scheduleFrequency = String(this.getNodeParameter('scheduleFrequency', itemIndex)).trim();
	if (!FREQUENCIES.includes(scheduleFrequency)) {
		throw new AmazonPayInputError(
			'Frequency',
			`The Frequency "${scheduleFrequency}" is not one Amazon Pay accepts.`,
			`Use one of ${FREQUENCIES.join(', ')}; for example P1D for daily.`,
		);
	}
	const options = this.getNodeParameter('options', itemIndex, {}) as {
		idempotencyKey?: unknown;
		nextReportCreationTime?: string;
		deleteExistingSchedule?: boolean;
	};

	const body: IDataObject = { reportType, scheduleFrequency };
	if (options.nextReportCreationTime) {
		body.nextReportCreationTime = toCompactUtc(
			getDateParameter(this, 'options.nextReportCreationTime', itemIndex, 'Next Report Creation Time'),
		);
	}
	if (options.deleteExistingSchedule) body.deleteExistingSchedule = true;

	const idempotencyKey =
		readIdempotencyKey(options.idempotencyKey) ??
		deriveIdempotencyKey(
			[this.getExecutionId(), this.getNode().id, String(itemIndex)],
			JSON.stringify(body),
		);

	const { reportScheduleId } = await amazonPayApiRequest<{ reportScheduleId: string }>(this, {
		method: 'POST',
		path: '/v2/report-schedules',
		body,
		idempotencyKey,
		itemIndex,
	});

	return { reportScheduleId, ...body };
}
