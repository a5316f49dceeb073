// The n8n release lines the harness checks the package against. Each line's exact dependency
// tree is pinned by the lockfile in installs/<id>/, so `npm ci` gives the same n8n every run.

export interface N8nLine {
	/** Folder name under installs/ and the prefix of its cache folder. */
	id: 'n8n-2' | 'n8n-1';
	n8nVersion: string;
	/** 'bundled' runs on the Node.js 24 from installs/node-24; 'system' on the harness's own. */
	nodeRuntime: 'bundled' | 'system';
	/** Extra environment for every n8n command of this line. */
	runtimeEnv: Record<string, string>;
	/** The CLI arguments that make an imported workflow active from the next `n8n start`. */
	activateArgs(workflowId: string): string[];
}

export const LINES: N8nLine[] = [
	{
		// n8n 2.x requires Node.js 22.16 or newer; 2.41.3 needs a package the registry here lacks.
		id: 'n8n-2',
		n8nVersion: '2.41.1',
		nodeRuntime: 'bundled',
		runtimeEnv: {},
		// 2.x publishes a workflow version rather than flipping an active flag.
		activateArgs: (workflowId) => ['publish:workflow', `--id=${workflowId}`],
	},
	{
		// The last 1.x. isolated-vm (the new expression engine) has no build for Node.js 20, so
		// expressions run on the legacy engine.
		id: 'n8n-1',
		n8nVersion: '1.123.81',
		nodeRuntime: 'system',
		runtimeEnv: { N8N_EXPRESSION_ENGINE: 'legacy' },
		activateArgs: (workflowId) => ['update:workflow', `--id=${workflowId}`, '--active=true'],
	},
];

export function describeLine(line: N8nLine, nodeVersion: string): string {
	return `n8n ${line.n8nVersion} on Node.js ${nodeVersion}`;
}
