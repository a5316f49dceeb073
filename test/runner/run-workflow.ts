import './environment';

import { Container } from '@n8n/di';
import {
	ExecutionLifecycleHooks,
	PollContext,
	TriggersAndPollers,
	WorkflowExecute,
} from 'n8n-core';
import {
	UnexpectedError,
	Workflow,
	type ExecutionStatus,
	type IConnections,
	type IDataObject,
	type INode,
	type INodeExecutionData,
	type IPinData,
	type IRun,
	type IRunData,
	type ITaskData,
	type IWorkflowBase,
	type IWorkflowExecuteAdditionalData,
	type IWorkflowExecutionDataProcess,
	type IWorkflowSettings,
	type WorkflowExecuteMode,
} from 'n8n-workflow';

import { RunnerCredentialsHelper, type CredentialValues } from './credentials-helper';
import { addLogSink, type LogLine, type LogSink } from './log-capture';
import { ensureBinaryDataService } from './n8n-services';
import { loadPackageNodeTypes, type LoadedPackage } from './node-types';

/** A workflow as n8n exports it; only `nodes` and `connections` are required. */
export interface WorkflowJson {
	id?: string;
	name?: string;
	nodes: INode[];
	connections: IConnections;
	settings?: IWorkflowSettings;
	pinData?: IPinData;
	staticData?: IDataObject | null;
	[key: string]: unknown;
}

export interface RunOptions {
	/** Credential values by credential type name; every reference to that type gets them. */
	credentials?: CredentialValues;
	/** Folder of the package under test; by default the repo root. */
	packageDir?: string;
	/** Workflow static data to start from (a polling trigger's cursor lives here). */
	staticData?: IDataObject;
	/** Execution mode; `manual` unless given. */
	mode?: WorkflowExecuteMode;
	/** Name of the node to start at; by default n8n's own choice (a trigger or poller first). */
	startNode?: string;
	/** Receives every log line written while this workflow runs. */
	logger?: LogSink;
}

/** The execution error as n8n records it, with the fields tests assert on pulled out. */
export interface RunError {
	message: string;
	description?: string | null;
	name?: string;
	/** Name of the node that failed. */
	node?: string;
	/** For a NodeApiError: the HTTP status the API answered with, as n8n keeps it (a string). */
	httpCode?: string | null;
	itemIndex?: number;
	/** The error object itself. */
	cause: unknown;
}

export interface RunResult {
	status: ExecutionStatus;
	error?: RunError;
	/** Per node name, the items on the first main output of the node's last run. */
	outputs: Record<string, INodeExecutionData[]>;
	/** Per node name, every main output of the node's last run (an error output comes second). */
	allOutputs: Record<string, INodeExecutionData[][]>;
	runData: IRunData;
	/** Workflow static data after the run; n8n saves it only for active production runs. */
	staticData: IDataObject;
	/** Log lines written while this workflow ran. */
	logs: LogLine[];
	executionId: string;
	/**
	 * False when the start node is a poller run in a non-manual mode and its `poll` returned
	 * null: n8n then starts no execution at all, and neither does the runner.
	 */
	started: boolean;
}

const RUNNER_BASE_URL = 'http://localhost:5678';

let executionCounter = 0;

function buildAdditionalData(
	loaded: LoadedPackage,
	credentials: CredentialValues,
	hooks: ExecutionLifecycleHooks,
	executionId: string,
	workflowId: string,
): IWorkflowExecuteAdditionalData {
	const unsupported = (what: string) => async () => {
		throw new UnexpectedError(`The workflow runner does not support ${what}`);
	};

	const additionalData: Partial<IWorkflowExecuteAdditionalData> = {
		credentialsHelper: new RunnerCredentialsHelper(
			loaded.credentialTypes,
			loaded.nodeTypes,
			credentials,
		),
		hooks,
		executionId,
		workflowId,
		currentNodeExecutionIndex: 0,
		variables: {},
		restApiUrl: `${RUNNER_BASE_URL}/rest`,
		instanceBaseUrl: `${RUNNER_BASE_URL}/`,
		formBaseUrl: `${RUNNER_BASE_URL}/form`,
		formWaitingBaseUrl: `${RUNNER_BASE_URL}/form-waiting`,
		formTestBaseUrl: `${RUNNER_BASE_URL}/form-test`,
		webhookBaseUrl: `${RUNNER_BASE_URL}/webhook`,
		webhookWaitingBaseUrl: `${RUNNER_BASE_URL}/webhook-waiting`,
		webhookTestBaseUrl: `${RUNNER_BASE_URL}/webhook-test`,
		mcpBaseUrl: `${RUNNER_BASE_URL}/mcp`,
		mcpTestBaseUrl: `${RUNNER_BASE_URL}/mcp-test`,
		executeWorkflow: unsupported('sub-workflows'),
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		startRunnerTask: unsupported('task runners (Code node)'),
		logAiEvent: () => {},
	};
	return additionalData as IWorkflowExecuteAdditionalData;
}

function toRunError(error: unknown): RunError {
	const fields = (error ?? {}) as {
		message?: string;
		description?: string | null;
		name?: string;
		node?: INode;
		httpCode?: string | null;
		context?: { itemIndex?: number };
	};
	return {
		message: fields.message ?? String(error),
		description: fields.description,
		name: fields.name,
		node: fields.node?.name,
		httpCode: fields.httpCode,
		itemIndex: fields.context?.itemIndex,
		cause: error,
	};
}

function collectOutputs(runData: IRunData) {
	const outputs: Record<string, INodeExecutionData[]> = {};
	const allOutputs: Record<string, INodeExecutionData[][]> = {};
	for (const [nodeName, runs] of Object.entries(runData)) {
		const main = (runs.at(-1)?.data?.main ?? []).map((items) => items ?? []);
		allOutputs[nodeName] = main;
		outputs[nodeName] = main[0] ?? [];
	}
	return { outputs, allOutputs };
}

function plainStaticData(workflow: Workflow): IDataObject {
	return JSON.parse(JSON.stringify(workflow.staticData ?? {})) as IDataObject;
}

// In a production run n8n polls first and starts an execution only when `poll` returns items,
// handing those items to the trigger node as its output.
async function pollBeforeRun(
	workflow: Workflow,
	startNode: INode,
	additionalData: IWorkflowExecuteAdditionalData,
	mode: WorkflowExecuteMode,
): Promise<IWorkflowExecutionDataProcess['triggerToStartFrom'] | null> {
	const context = new PollContext(workflow, startNode, additionalData, mode, 'activate');
	const pollers = Container.get(TriggersAndPollers);
	const polled = await pollers.runPollFunction(workflow, startNode, context);
	if (polled === null || polled === undefined) return null;

	const taskData: ITaskData = {
		startTime: Date.now(),
		executionTime: 0,
		executionIndex: 0,
		source: [],
		data: { main: polled },
	};
	return { name: startNode.name, data: taskData };
}

/** Runs a workflow JSON on n8n's own engine, in this process, and returns what each node output. */
export async function runWorkflow(
	workflowJson: WorkflowJson,
	options: RunOptions = {},
): Promise<RunResult> {
	const loaded = await loadPackageNodeTypes(options.packageDir);
	await ensureBinaryDataService();

	const mode = options.mode ?? 'manual';
	const executionId = String(++executionCounter);
	const workflowId = workflowJson.id ?? 'runner-workflow';

	const logs: LogLine[] = [];
	const removeSinks = [
		addLogSink((line) => logs.push(line)),
		...(options.logger ? [addLogSink(options.logger)] : []),
	];

	try {
		const workflow = new Workflow({
			id: workflowId,
			name: workflowJson.name ?? 'Runner workflow',
			nodes: structuredClone(workflowJson.nodes),
			connections: structuredClone(workflowJson.connections),
			active: mode !== 'manual',
			nodeTypes: loaded.nodeTypes,
			staticData: structuredClone(options.staticData ?? workflowJson.staticData ?? {}),
			settings: workflowJson.settings,
			pinData: workflowJson.pinData,
		});

		const workflowData = {
			id: workflowId,
			name: workflow.name,
			active: workflow.active,
			isArchived: false,
			nodes: workflowJson.nodes,
			connections: workflowJson.connections,
			settings: workflowJson.settings,
			createdAt: new Date(),
			updatedAt: new Date(),
		} as IWorkflowBase;
		const hooks = new ExecutionLifecycleHooks(mode, executionId, workflowData);
		const additionalData = buildAdditionalData(
			loaded,
			options.credentials ?? {},
			hooks,
			executionId,
			workflowId,
		);

		const startNode = options.startNode
			? workflow.getNode(options.startNode) ?? undefined
			: workflow.getStartNode();
		if (startNode === undefined) {
			throw new UnexpectedError(
				options.startNode
					? `The workflow has no node named "${options.startNode}"`
					: 'The workflow has no node to start from',
			);
		}

		let triggerToStartFrom: IWorkflowExecutionDataProcess['triggerToStartFrom'];
		const startNodeType = loaded.nodeTypes.getByNameAndVersion(
			startNode.type,
			startNode.typeVersion,
		);
		if (mode !== 'manual' && startNodeType.poll !== undefined) {
			const polled = await pollBeforeRun(workflow, startNode, additionalData, mode);
			if (polled === null) {
				return {
					status: 'success',
					outputs: {},
					allOutputs: {},
					runData: {},
					staticData: plainStaticData(workflow),
					logs,
					executionId,
					started: false,
				};
			}
			triggerToStartFrom = polled;
		}

		// Pinned data stands in for a node's output, as in the editor (tests feed items this way).
		const run: IRun = await new WorkflowExecute(additionalData, mode).run({
			workflow,
			startNode,
			triggerToStartFrom,
			pinData: workflowJson.pinData,
		});

		const runData = run.data.resultData.runData;
		const executionError = run.data.resultData.error;
		return {
			status: run.status,
			...(executionError !== undefined && { error: toRunError(executionError) }),
			...collectOutputs(runData),
			runData,
			staticData: plainStaticData(workflow),
			logs,
			executionId,
			started: true,
		};
	} catch (error) {
		// n8n refuses some workflows before any node runs (unknown node type, missing start node);
		// those come back as a failed run too, so a test reads every failure the same way.
		return {
			status: 'error',
			error: toRunError(error),
			outputs: {},
			allOutputs: {},
			runData: {},
			staticData: {},
			logs,
			executionId,
			started: false,
		};
	} finally {
		for (const removeSink of removeSinks) removeSink();
	}
}
