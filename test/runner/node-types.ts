import './environment';

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

import { PackageDirectoryLoader, UnrecognizedNodeTypeError } from 'n8n-core';
import {
	NodeHelpers,
	type ICredentialType,
	type IDataObject,
	type INodeType,
	type INodeTypes,
	type IVersionedNodeType,
} from 'n8n-workflow';

import { builtinNodeTypes } from './builtin-nodes';
import { ensureN8nServices } from './n8n-services';

/** Node types by their full workflow type name, as `INodeTypes` hands them to the engine. */
export class RunnerNodeTypes implements INodeTypes {
	constructor(
		private readonly packageName: string,
		private readonly nodeTypesByName: ReadonlyMap<string, INodeType | IVersionedNodeType>,
	) {}

	getByName(nodeType: string): INodeType | IVersionedNodeType {
		const found = this.nodeTypesByName.get(nodeType);
		if (found === undefined) throw new UnrecognizedNodeTypeError(this.packageName, nodeType);
		return found;
	}

	getByNameAndVersion(nodeType: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.getByName(nodeType), version);
	}

	getKnownTypes(): IDataObject {
		return Object.fromEntries([...this.nodeTypesByName.keys()].map((name) => [name, {}]));
	}
}

export interface LoadedPackage {
	/** The package's `name`; nodes are typed `<packageName>.<description.name>` in workflows. */
	packageName: string;
	directory: string;
	/** The package's nodes plus the runner's stand-ins for n8n's Manual Trigger and No Op. */
	nodeTypes: RunnerNodeTypes;
	/** Full type names of the package's own nodes, e.g. `n8n-nodes-x.myNode`. */
	packageNodeTypeNames: string[];
	/** The package's credential types by their `name` (credential names carry no prefix). */
	credentialTypes: Record<string, ICredentialType>;
}

function hasN8nSection(packageJsonPath: string): boolean {
	if (!existsSync(packageJsonPath)) return false;
	const packageJson = JSON.parse(readFileSync(packageJsonPath, 'utf8')) as { n8n?: unknown };
	return packageJson.n8n !== undefined;
}

/** The nearest folder above this file whose package.json has an `n8n` section: the repo root. */
export function findPackageRoot(startDir: string = __dirname): string {
	let directory = resolve(startDir);
	while (!hasN8nSection(join(directory, 'package.json'))) {
		const parent = dirname(directory);
		if (parent === directory) {
			throw new Error(`No package.json with an "n8n" section above ${startDir}`);
		}
		directory = parent;
	}
	return directory;
}

async function loadPackage(directory: string): Promise<LoadedPackage> {
	ensureN8nServices();

	const loader = new PackageDirectoryLoader(directory);
	await loader.loadAll();

	// The loader keys nodes by `description.name` alone; n8n's own node loading puts the
	// package name in front, which is the type name a workflow JSON carries.
	const nodeTypesByName = new Map<string, INodeType | IVersionedNodeType>();
	for (const [typeName, nodeType] of Object.entries(builtinNodeTypes())) {
		nodeTypesByName.set(typeName, nodeType);
	}
	const packageNodeTypeNames: string[] = [];
	for (const [nodeName, { type }] of Object.entries(loader.nodeTypes)) {
		const typeName = `${loader.packageName}.${nodeName}`;
		nodeTypesByName.set(typeName, type);
		packageNodeTypeNames.push(typeName);
	}

	const credentialTypes = Object.fromEntries(
		Object.entries(loader.credentialTypes).map(([name, { type }]) => [name, type]),
	);

	return {
		packageName: loader.packageName,
		directory: loader.directory,
		nodeTypes: new RunnerNodeTypes(loader.packageName, nodeTypesByName),
		packageNodeTypeNames,
		credentialTypes,
	};
}

const loadedPackages = new Map<string, Promise<LoadedPackage>>();

/**
 * Loads a package the way n8n loads an installed one: from the `n8n` section of its
 * package.json, through n8n-core's PackageDirectoryLoader. Loaded once per folder per process.
 */
export async function loadPackageNodeTypes(packageDir?: string): Promise<LoadedPackage> {
	const directory = resolve(packageDir ?? findPackageRoot());
	let loading = loadedPackages.get(directory);
	if (loading === undefined) {
		loading = loadPackage(directory);
		loadedPackages.set(directory, loading);
		loading.catch(() => loadedPackages.delete(directory));
	}
	return await loading;
}
