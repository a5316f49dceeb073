import type { IBinaryKeyData, IDataObject } from 'n8n-workflow';

/** Output items that carry binary data; plain operations return JSON objects instead. */
export class ItemsWithBinary {
	constructor(readonly items: Array<{ json: IDataObject; binary?: IBinaryKeyData }>) {}
}

export type OperationResult = IDataObject | IDataObject[] | ItemsWithBinary;
