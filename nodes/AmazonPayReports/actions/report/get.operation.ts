import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { encodeRfc3986 } from '../../../shared/signing/encoding';
import { getIdParameter } from '../../helpers/parameters';
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
];

export const description = updateDisplayOptions(
	{ show: { resource: ['report'], operation: ['get'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const reportId = getIdParameter(this, 'reportId', itemIndex, 'Report ID', '123456789012');

	return await amazonPayApiRequest<IDataObject>(this, {
		method: 'GET',
		path: `/v2/reports/${encodeRfc3986(reportId)}`,
		itemIndex,
	});
}
