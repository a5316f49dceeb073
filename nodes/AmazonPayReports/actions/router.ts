import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { AmazonPayInputError } from '../../shared/errors';
import { toOperationError } from '../transport';
import { ItemsWithBinary, type OperationResult } from '../helpers/output';
import * as disbursement from './disbursement/Disbursement.resource';
import * as report from './report/Report.resource';
import * as reportDocument from './reportDocument/ReportDocument.resource';
import * as reportSchedule from './reportSchedule/ReportSchedule.resource';

type OperationExecute = (this: IExecuteFunctions, itemIndex: number) => Promise<OperationResult>;

const OPERATIONS: Record<string, Record<string, OperationExecute>> = {
	report: {
		create: report.create.execute,
		get: report.get.execute,
		getMany: report.getMany.execute,
	},
	reportDocument: {
		download: reportDocument.download.execute,
		get: reportDocument.get.execute,
	},
	reportSchedule: {
		cancel: reportSchedule.cancel.execute,
		create: reportSchedule.create.execute,
		get: reportSchedule.get.execute,
		getMany: reportSchedule.getMany.execute,
	},
	disbursement: {
		getMany: disbursement.getMany.execute,
	},
};

/** Runs the chosen operation once per input item; every output item names the item it came from. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const returnData: INodeExecutionData[] = [];

	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const resource = this.getNodeParameter('resource', itemIndex) as string;
		const operation = this.getNodeParameter('operation', itemIndex) as string;
		const execute = OPERATIONS[resource]?.[operation];
		if (!execute) {
			throw new NodeOperationError(
				this.getNode(),
				`The operation "${operation}" of resource "${resource}" is not supported`,
				{ itemIndex },
			);
		}

		try {
			for (const item of toItems(await execute.call(this, itemIndex))) {
				returnData.push({ ...item, pairedItem: { item: itemIndex } });
			}
		} catch (caught) {
			const error =
				caught instanceof AmazonPayInputError ? toOperationError(this, caught, itemIndex) : caught;
			if (this.continueOnFail()) {
				// The description carries what to do, as the editor would show it.
				const { message, description } = error as Error & { description?: unknown };
				const json: IDataObject = { error: message };
				if (typeof description === 'string' && description !== '') json.description = description;
				returnData.push({ json, pairedItem: { item: itemIndex } });
				continue;
			}
			throw error;
		}
	}

	return [returnData];
}

function toItems(result: OperationResult): ItemsWithBinary['items'] {
	if (result instanceof ItemsWithBinary) return result.items;
	return (Array.isArray(result) ? result : [result]).map((json) => ({ json }));
}
