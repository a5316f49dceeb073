import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { encodeRfc3986 } from '../../../shared/signing/encoding';
import { getIdParameter } from '../../helpers/parameters';
import { amazonPayApiRequest } from '../../transport';
import { reportScheduleIdProperty } from './get.operation';

export const description = updateDisplayOptions(
	{ show: { resource: ['reportSchedule'], operation: ['cancel'] } },
	[reportScheduleIdProperty],
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const reportScheduleId = getIdParameter(
		this,
		'reportScheduleId',
		itemIndex,
		'Report Schedule ID',
		'123456789012',
	);

	await amazonPayApiRequest(this, {
		method: 'DELETE',
		path: `/v2/report-schedules/${encodeRfc3986(reportScheduleId)}`,
		itemIndex,
	});

	return { reportScheduleId, cancelled: true };
}
