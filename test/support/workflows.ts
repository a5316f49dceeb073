import type { IDataObject } from 'n8n-workflow';

import type { WorkflowJson } from '../runner';

export const NODE_TYPE = 'n8n-nodes-amazon-pay-reports.amazonPayReports';
export const TRIGGER_TYPE = 'n8n-nodes-amazon-pay-reports.amazonPayReportsTrigger';
const CREDENTIAL = { amazonPayApi: { id: 'amazonPayEmulator', name: 'Amazon Pay (emulator)' } };

/**
 * Manual Trigger, then one Amazon Pay Reports node named "Amazon Pay". `items` become the
 * trigger's output (pinned data), so the node runs once per item.
 */
export function singleNodeWorkflow(
	parameters: IDataObject,
	options: { items?: IDataObject[]; onError?: 'continueRegularOutput' | 'stopWorkflow' } = {},
): WorkflowJson {
	return {
		name: 'test workflow',
		nodes: [
			{
				id: 'trigger',
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: 'amazon-pay',
				name: 'Amazon Pay',
				type: NODE_TYPE,
				typeVersion: 1,
				position: [200, 0],
				parameters,
				credentials: CREDENTIAL,
				...(options.onError && { onError: options.onError }),
			},
		],
		connections: { Start: { main: [[{ node: 'Amazon Pay', type: 'main', index: 0 }]] } },
		pinData: options.items ? { Start: options.items.map((json) => ({ json })) } : undefined,
		settings: { executionOrder: 'v1' },
	} as WorkflowJson;
}
