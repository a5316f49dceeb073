// The environment module must load before n8n-core builds any service; see environment.ts.
import './environment';

export { runWorkflow } from './run-workflow';
export type { RunError, RunOptions, RunResult, WorkflowJson } from './run-workflow';
export { loadPackageNodeTypes, findPackageRoot, RunnerNodeTypes } from './node-types';
export type { LoadedPackage } from './node-types';
export { RunnerCredentialsHelper } from './credentials-helper';
export type { CredentialValues } from './credentials-helper';
export { getBinaryBuffer } from './binary-data';
export { addLogSink, clearCapturedLogs, getCapturedLogs } from './log-capture';
export type { LogLevel, LogLine, LogSink } from './log-capture';
export { MANUAL_TRIGGER_NODE_TYPE, NO_OP_NODE_TYPE } from './builtin-nodes';
export { runnerUserFolder } from './environment';
