import { Container } from '@n8n/di';
import { BinaryDataService } from 'n8n-core';
import type { INodeExecutionData } from 'n8n-workflow';

import { ensureBinaryDataService } from './n8n-services';

/**
 * The bytes of a binary property of an output item. n8n 2.x keeps binary data in files and
 * leaves only an id on the item, so the bytes are read back through n8n's BinaryDataService.
 */
export async function getBinaryBuffer(
	item: INodeExecutionData,
	propertyName = 'data',
): Promise<Buffer> {
	const binaryData = item.binary?.[propertyName];
	if (binaryData === undefined) {
		const present = Object.keys(item.binary ?? {}).join(', ') || 'none';
		throw new Error(`The item has no binary property "${propertyName}" (present: ${present})`);
	}

	await ensureBinaryDataService();
	return await Container.get(BinaryDataService).getAsBuffer(binaryData);
}
