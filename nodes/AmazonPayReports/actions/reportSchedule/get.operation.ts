import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { encodeRfc3986 } from '../../../shared/signing/encoding';
import { getIdParameter } from '../../helpers/parameters';
import { amazonPayApiRequest } from '../../transport';

export const reportScheduleIdProperty: INodeProperties = {
	displayName: 'Report Schedule ID',
	name: 'reportScheduleId',
	type: 'string',
	default: '',
	required: true,
	placeholder: '123456789012',
	description: 'The reportScheduleId that Create or Get Many returned',
};

export const description = updateDisplayOptions(
	{ show: { resource: ['reportSchedule'], operation: ['get'] } },
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

	const answer = await amazonPayApiRequest<IDataObject>(this, {
		method: 'GET',
		path: `/v2/report-schedules/${encodeRfc3986(reportScheduleId)}`,
		itemIndex,
	});

	return unwrapSchedule(answer);
}

// The docs show this answer wrapped in `reportSchedules: [...]`; the .NET SDK reads a flat object.
export function unwrapSchedule(answer: IDataObject): IDataObject {
	const wrapped = answer.reportSchedules;
	if (Array.isArray(wrapped)) return (wrapped[0] as IDataObject | undefined) ?? {};
	return answer;
}
