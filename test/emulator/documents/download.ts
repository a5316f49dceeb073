// Serves report documents the way S3 serves Amazon's pre-signed URLs: no Amazon Pay signature,
// errors as S3's XML, the body streamed with backpressure so that any size costs no memory.

import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';

import { DOCUMENT_PREFIX, DOCUMENT_URL_TTL_MS } from '../constants';
import type { ActiveFault } from '../faults';
import { parseQuery, splitTarget } from '../request';
import type { EmulatorState, RequestLogEntry } from '../state';

export async function handleDocumentDownload(
	req: IncomingMessage,
	res: ServerResponse,
	state: EmulatorState,
	logEntry: RequestLogEntry,
): Promise<void> {
	const method = req.method ?? 'GET';
	const { rawPath, rawQuery } = splitTarget(req.url ?? '/');

	const { delay, outcome } = state.faults.take({
		kind: 'document',
		method,
		rawPath,
		apiPath: rawPath,
	});
	if (delay) {
		logEntry.fault = 'delay';
		await state.wait(delay.delayMs ?? 0);
	}
	if (outcome) logEntry.fault = outcome.action;

	if (outcome?.action === 'drop') {
		logEntry.dropped = true;
		return void req.socket.destroy();
	}
	if (outcome?.action === 'status') {
		const status = outcome.status ?? 500;
		const message = outcome.message ?? `Fault injected by the emulator: status ${status}.`;
		return sendXmlError(res, logEntry, status, outcome.reasonCode ?? s3ErrorCode(status), message);
	}

	if (method !== 'GET' && method !== 'HEAD') {
		return sendXmlError(res, logEntry, 405, 'MethodNotAllowed', `${method} is not allowed here.`);
	}
	// The URL carries its own signature; a second one in a header is refused, as S3 does.
	if (req.headers.authorization !== undefined) {
		return sendXmlError(
			res,
			logEntry,
			400,
			'InvalidArgument',
			'Only one auth mechanism allowed: this URL is pre-signed, so fetch it without an ' +
				'Authorization header.',
		);
	}

	const objectKey = rawPath.slice(DOCUMENT_PREFIX.length).split('/')[0];
	const signature = parseQuery(rawQuery)
		.find(({ name }) => name.toString('utf8') === 'X-Amz-Signature')
		?.value.toString('utf8');
	const issued = signature === undefined ? undefined : state.documents.findUrl(objectKey, signature);
	if (!issued) {
		return sendXmlError(
			res,
			logEntry,
			403,
			'SignatureDoesNotMatch',
			'The signature of this URL does not match any URL handed out by Get Report Document.',
		);
	}
	if (outcome?.action === 'expire' || state.now() > issued.issuedAt + DOCUMENT_URL_TTL_MS) {
		return sendXmlError(res, logEntry, 403, 'AccessDenied', 'Request has expired');
	}

	const report = state.reports.findByDocumentId(issued.environment, issued.reportDocumentId);
	if (!report) {
		return sendXmlError(res, logEntry, 404, 'NoSuchKey', 'The specified key does not exist.');
	}

	const body = await state.documents.body(report, state.options.defaultDocumentRows);
	logEntry.status = 200;
	res.writeHead(200, {
		'content-type': body.contentType,
		// Without a length, Node's server sends the body chunked.
		...(outcome?.action === 'unsized' ? {} : { 'content-length': body.size }),
		'x-amz-request-id': requestId(),
	});
	if (method === 'HEAD') return void res.end();
	res.flushHeaders();

	await sendBody(res, body.open(), { size: body.size, fault: outcome, state, logEntry });
}

interface SendBodyContext {
	size: number;
	fault?: ActiveFault;
	state: EmulatorState;
	logEntry: RequestLogEntry;
}

async function sendBody(res: ServerResponse, source: Readable, context: SendBodyContext) {
	const { fault, state } = context;
	// The byte count at which a truncate cuts the connection or a slow rule stalls.
	const breakAt =
		fault?.action === 'truncate'
			? (fault.afterBytes ?? Math.floor(context.size / 2))
			: fault?.action === 'slow'
				? (fault.afterBytes ?? 0)
				: undefined;

	let sent = 0;
	let broken = breakAt === undefined;
	const breakHere = async (): Promise<'stop' | 'go on'> => {
		broken = true;
		if (fault?.action === 'truncate') {
			// Let the bytes before the cut reach the client, then close without the rest.
			context.logEntry.dropped = true;
			const socket = res.socket;
			if (socket && !socket.destroyed) {
				await new Promise<void>((resolve) => socket.end(() => resolve()));
			}
			socket?.destroy();
			return 'stop';
		}
		await state.wait(fault?.delayMs ?? 0);
		return 'go on';
	};

	try {
		if (breakAt === 0 && (await breakHere()) === 'stop') return;

		for await (const piece of source) {
			let chunk = piece as Buffer;
			if (!broken && sent + chunk.length >= breakAt!) {
				const head = chunk.subarray(0, breakAt! - sent);
				await writeChunk(res, head);
				sent += head.length;
				chunk = chunk.subarray(head.length);
				if ((await breakHere()) === 'stop') return;
			}

			await writeChunk(res, chunk);
			sent += chunk.length;
			if (res.destroyed) return;
		}

		if (!broken && fault?.action === 'truncate') await breakHere();
		else res.end();
	} finally {
		source.destroy();
	}
}

/** Writes one chunk and waits while the client is behind; returns at once if it went away. */
function writeChunk(res: ServerResponse, chunk: Buffer): Promise<void> {
	return new Promise((resolve) => {
		if (res.destroyed || chunk.length === 0) return resolve();
		if (res.write(chunk)) return resolve();

		const done = () => {
			res.off('drain', done);
			res.off('close', done);
			resolve();
		};
		res.on('drain', done);
		res.on('close', done);
	});
}

// S3's codes for the statuses a fault may inject on a download.
function s3ErrorCode(status: number): string {
	const codes: Record<number, string> = {
		403: 'AccessDenied',
		404: 'NoSuchKey',
		500: 'InternalError',
		503: 'SlowDown',
	};
	return codes[status] ?? (status >= 500 ? 'InternalError' : 'InvalidRequest');
}

function sendXmlError(
	res: ServerResponse,
	logEntry: RequestLogEntry,
	status: number,
	code: string,
	message: string,
): void {
	const id = requestId();
	const xml =
		'<?xml version="1.0" encoding="UTF-8"?>\n' +
		`<Error><Code>${code}</Code><Message>${escapeXml(message)}</Message>` +
		`<RequestId>${id}</RequestId></Error>`;

	logEntry.status = status;
	logEntry.reasonCode = code;
	res.writeHead(status, {
		'content-type': 'application/xml',
		'content-length': Buffer.byteLength(xml),
		'x-amz-request-id': id,
	});
	res.end(xml);
}

function escapeXml(text: string): string {
	return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function requestId(): string {
	return randomBytes(8).toString('hex').toUpperCase();
}
