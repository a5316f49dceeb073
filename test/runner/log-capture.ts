import type { LogMetadata } from 'n8n-workflow';

export type LogLevel = 'error' | 'warn' | 'info' | 'debug';

export interface LogLine {
	level: LogLevel;
	message: string;
	meta: Record<string, unknown>;
	scopes: string[];
}

export type LogSink = (line: LogLine) => void;

const capturedLines: LogLine[] = [];
const activeSinks = new Set<LogSink>();

// Errors turn into `{}` under JSON.stringify, which would hide them from a test scanning logs.
function toPlainMeta(metadata: LogMetadata | undefined): Record<string, unknown> {
	const meta: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(metadata ?? {})) {
		meta[key] =
			value instanceof Error
				? { name: value.name, message: value.message, stack: value.stack }
				: value;
	}
	return meta;
}

/**
 * Stands in for n8n's winston logger (`Logger` from @n8n/backend-common, which is what
 * `this.logger` is inside a node) and for `LoggerProxy`. Every line at every level is kept.
 */
export class CapturingLogger {
	constructor(private readonly scopes: string[] = []) {}

	scoped(scopes: string | string[]): CapturingLogger {
		return new CapturingLogger([...this.scopes, ...(Array.isArray(scopes) ? scopes : [scopes])]);
	}

	error(message: string, metadata?: LogMetadata) {
		this.record('error', message, metadata);
	}

	warn(message: string, metadata?: LogMetadata) {
		this.record('warn', message, metadata);
	}

	info(message: string, metadata?: LogMetadata) {
		this.record('info', message, metadata);
	}

	debug(message: string, metadata?: LogMetadata) {
		this.record('debug', message, metadata);
	}

	private record(level: LogLevel, message: string, metadata: LogMetadata | undefined) {
		const line: LogLine = {
			level,
			message: String(message),
			meta: toPlainMeta(metadata),
			scopes: this.scopes,
		};
		capturedLines.push(line);
		for (const sink of activeSinks) sink(line);
	}
}

/** Every line logged in this process since the runner was set up (or since the last clear). */
export function getCapturedLogs(): readonly LogLine[] {
	return capturedLines;
}

export function clearCapturedLogs() {
	capturedLines.length = 0;
}

// Limitation: n8n has one logger per process, so workflows run at the same time (Promise.all)
// each see the other's lines in their sinks and RunResult.logs.
/** Sends each line logged from now on to `sink` as well, until the returned function is called. */
export function addLogSink(sink: LogSink): () => void {
	activeSinks.add(sink);
	return () => activeSinks.delete(sink);
}
