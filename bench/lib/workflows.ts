// Workflow JSON for the bench runs: n8n's Manual Trigger (the runner's stand-in), its output
// pinned to the given items, then one node that runs once per item.

import type { IDataObject, INode } from 'n8n-workflow';

import type { WorkflowJson } from '../../test/runner';

export const PACKAGE_NODE_TYPE = 'n8n-nodes-amazon-pay-reports.amazonPayReports';
export const HTTP_REQUEST_NODE_TYPE = 'n8n-nodes-base.httpRequest';
const CREDENTIALS = { amazonPayApi: { id: 'amazonPayEmulator', name: 'Amazon Pay (emulator)' } };

export function oneNodeWorkflow(
	node: Pick<INode, 'type' | 'typeVersion' | 'parameters'>,
	itemCount: number,
): WorkflowJson {
	const items: IDataObject[] = Array.from({ length: itemCount }, (_, index) => ({ index }));
	return {
		name: 'bench workflow',
		nodes: [
			{
				id: 'start',
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: 'measured',
				name: 'Measured',
				position: [220, 0],
				credentials: CREDENTIALS,
				...node,
			},
		],
		connections: { Start: { main: [[{ node: 'Measured', type: 'main', index: 0 }]] } },
		pinData: { Start: items.map((json) => ({ json })) },
		settings: { executionOrder: 'v1' },
	};
}
