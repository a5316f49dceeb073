import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { encodeRfc3986 } from '../../../shared/signing/encoding';
import { getIdParameter } from '../../helpers/parameters';
import { amazonPayApiRequest } from '../../transport';

export const reportDocumentIdProperty: INodeProperties = {
	displayName: 'Report Document ID',
	name: 'reportDocumentId',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'amzn1.tortuga.4.na.T1VBXMEYZ3ZJX9',
	description: 'The reportDocumentId of a completed report (Report > Get returns it)',
};

export const description = updateDisplayOptions(
	{ show: { resource: ['reportDocument'], operation: ['get'] } },
	[reportDocumentIdProperty],
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const reportDocumentId = getIdParameter(
		this,
		'reportDocumentId',
		itemIndex,
		'Report Document ID',
		'amzn1.tortuga.4.na.T1VBXMEYZ3ZJX9',
	);

	return await amazonPayApiRequest<IDataObject>(this, {
		method: 'GET',
		path: `/v2/report-documents/${encodeRfc3986(reportDocumentId)}`,
		itemIndex,
	});
}
