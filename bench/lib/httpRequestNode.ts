// n8n's own HTTP Request node, taken from the full n8n that the end-to-end harness installs into
// its cache folder (n8n-nodes-base is too heavy to be a devDependency). Its n8n-workflow and
// n8n-core imports are pointed at this repository's copies, the ones the runner's engine uses,
// so that one engine and one set of error classes are in play.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import Module from 'node:module';
import { homedir } from 'node:os';
import { join } from 'node:path';

import type { INodeType, IVersionedNodeType } from 'n8n-workflow';

import { RunnerNodeTypes, type LoadedPackage } from '../../test/runner';
import { HTTP_REQUEST_NODE_TYPE } from './workflows';

export interface HttpRequestNodeSource {
	/** The install folder whose node_modules holds n8n-nodes-base. */
	folder: string;
	n8nNodesBaseVersion: string;
}

// Where test/e2e keeps its n8n installs, one folder per release line, complete once marked.
function e2eCacheRoot(): string {
	return (
		process.env.N8N_E2E_CACHE ?? join(homedir(), '.cache', 'n8n-nodes-amazon-pay-reports-e2e')
	);
}

/** The newest complete n8n install of the end-to-end harness, or why there is none. */
export function findHttpRequestNode(): { source: HttpRequestNodeSource } | { missing: string } {
	const root = e2eCacheRoot();
	if (!existsSync(root)) {
		return { missing: `no n8n install of the end-to-end harness in ${root} (npm run test:e2e makes one)` };
	}
	const complete = readdirSync(root)
		.filter((name) => /^n8n-\d+-[0-9a-f]+$/.test(name))
		.filter((name) => existsSync(join(root, name, '.install-complete')))
		.filter((name) => existsSync(join(root, name, 'node_modules', 'n8n-nodes-base', 'package.json')))
		.sort()
		.reverse();
	if (complete.length === 0) {
		return { missing: `no complete n8n install in ${root} (an install still under way is skipped)` };
	}
	const folder = join(root, complete[0]);
	const { version } = JSON.parse(
		readFileSync(join(folder, 'node_modules', 'n8n-nodes-base', 'package.json'), 'utf8'),
	) as { version: string };
	return { source: { folder, n8nNodesBaseVersion: version } };
}

const SHARED_MODULES = new Set(['n8n-workflow', 'n8n-core']);

/** Adds n8n's HTTP Request node to the node types the runner gives its engine. */
export function addHttpRequestNode(loaded: LoadedPackage, source: HttpRequestNodeSource): void {
	const nodeModules = join(source.folder, 'node_modules');
	const moduleInternals = Module as unknown as {
		_resolveFilename(request: string, parent: { filename?: string } | undefined, ...rest: unknown[]): string;
	};
	const resolve = moduleInternals._resolveFilename;
	moduleInternals._resolveFilename = function (request, parent, ...rest) {
		if (SHARED_MODULES.has(request) && parent?.filename?.startsWith(nodeModules)) {
			return require.resolve(request);
		}
		return resolve.call(this, request, parent, ...rest);
	};

	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { HttpRequest } = require(
		join(nodeModules, 'n8n-nodes-base', 'dist', 'nodes', 'HttpRequest', 'HttpRequest.node.js'),
	) as { HttpRequest: new () => IVersionedNodeType };

	const nodeTypes = new Map<string, INodeType | IVersionedNodeType>();
	for (const name of Object.keys(loaded.nodeTypes.getKnownTypes())) {
		nodeTypes.set(name, loaded.nodeTypes.getByName(name));
	}
	nodeTypes.set(HTTP_REQUEST_NODE_TYPE, new HttpRequest());
	loaded.nodeTypes = new RunnerNodeTypes(loaded.packageName, nodeTypes);
}
