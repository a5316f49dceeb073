import type { IBinaryData, IDataObject, IN8nHttpFullResponse, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { AmazonPayInputError } from '../../shared/errors';
import { assertFlatFileDocument, detectCompression, FIRST_BYTES_NEEDED } from '../../shared/flatFile/documentCheck';
import { createFlatFileReader, type SettlementFactsPlacement } from '../../shared/flatFile/reader';
import { gunzipChunks } from '../../shared/gunzip';
import { findReportType } from '../../shared/reportTypes';
import { encodeRfc3986 } from '../../shared/signing/encoding';
import { DEFAULT_TIMEOUT_MS } from '../../shared/retryPolicy';
import {
	amazonPayApiRequest,
	describeNetworkError,
	keepMessage,
	toOperationError,
	type AmazonPayContext,
} from '../transport';
import { ItemsWithBinary } from './output';

export type DocumentOutput = 'binary' | 'rows' | 'both';

export interface DocumentRequest {
	reportDocumentId: string;
	/** The report the document belongs to, when known: names the file and picks the reader. */
	report?: IDataObject;
	output: DocumentOutput;
	binaryPropertyName: string;
	settlementFacts: SettlementFactsPlacement;
	itemIndex: number;
}

interface DocumentMetadata {
	reportDocumentId?: string;
	url?: string;
	compressionAlgorithm?: string;
}

// Statuses with which a storage host refuses an expired or otherwise stale pre-signed link.
const STALE_LINK_STATUSES = new Set([400, 401, 403, 404, 410]);

/** Get Report Document, then the document itself, fetched at once and unsigned. */
export async function downloadReportDocument(
	context: AmazonPayContext,
	request: DocumentRequest,
): Promise<ItemsWithBinary> {
	// The link stays valid for about 30 seconds: a stale link, a host that could not be reached and
	// a download cut off are each tried once more, with a fresh link.
	for (let attempt = 1; ; attempt++) {
		const metadata = await getDocumentMetadata(context, request);
		let response: IN8nHttpFullResponse;
		try {
			response = await fetchDocument(context, metadata);
		} catch (error) {
			if (attempt === 1) continue;
			throw unreachableError(context, error, request);
		}
		if (response.statusCode < 400) {
			try {
				return await toItems(context, response, metadata, request);
			} catch (error) {
				if (attempt === 1 && isCutShort(error)) continue;
				throw readingError(context, error, request);
			}
		}

		const refusal = await readRefusal(response.body);
		if (attempt === 1 && (STALE_LINK_STATUSES.has(response.statusCode) || response.statusCode >= 500)) {
			continue;
		}
		const message =
			`The report document could not be downloaded (${response.statusCode}) for ` +
			`reportDocumentId ${request.reportDocumentId}`;
		const refused = new NodeApiError(context.getNode(), { message: refusal } as JsonObject, {
			message,
			description:
				`The storage host answered ${response.statusCode}${refusal ? `: ${refusal}` : ''}, also with ` +
				'a fresh download link. Download links expire about 30 seconds after Amazon Pay hands them ' +
				'out; check that the n8n server can reach the download host and that its clock is right.',
			httpCode: String(response.statusCode),
			itemIndex: request.itemIndex,
		});
		throw keepMessage(refused, message);
	}
}

async function getDocumentMetadata(
	context: AmazonPayContext,
	request: DocumentRequest,
): Promise<DocumentMetadata> {
	const metadata = await amazonPayApiRequest<DocumentMetadata>(context, {
		method: 'GET',
		path: `/v2/report-documents/${encodeRfc3986(request.reportDocumentId)}`,
		itemIndex: request.itemIndex,
	});
	if (!metadata.url) {
		throw new NodeOperationError(
			context.getNode(),
			`Amazon Pay returned no download link for report document ${request.reportDocumentId}`,
			{ itemIndex: request.itemIndex },
		);
	}
	return metadata;
}

// A plain GET: the link is pre-signed, and an Amazon Pay signature would make the host refuse it.
async function fetchDocument(
	context: AmazonPayContext,
	metadata: DocumentMetadata,
): Promise<IN8nHttpFullResponse> {
	return (await context.helpers.httpRequest({
		method: 'GET',
		url: metadata.url as string,
		encoding: 'stream',
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: DEFAULT_TIMEOUT_MS,
	})) as IN8nHttpFullResponse;
}

// The HTTP client's error carries the request; only a plain description of the failure travels on.
function unreachableError(
	context: AmazonPayContext,
	error: unknown,
	request: DocumentRequest,
): NodeOperationError {
	return new NodeOperationError(
		context.getNode(),
		'Could not reach the host that serves Amazon Pay report documents',
		{
			description:
				`${upperFirst(describeNetworkError(error))}, also with a fresh download link. Check that ` +
				'the n8n server can reach the download host (proxy, firewall, DNS).',
			itemIndex: request.itemIndex,
		},
	);
}

function upperFirst(text: string): string {
	return text.charAt(0).toUpperCase() + text.slice(1);
}

async function toItems(
	context: AmazonPayContext,
	response: IN8nHttpFullResponse,
	metadata: DocumentMetadata,
	request: DocumentRequest,
): Promise<ItemsWithBinary> {
	const fileName = documentFileName(request);
	const summary: IDataObject = {
		...(request.report ?? {}),
		reportDocumentId: request.reportDocumentId,
		fileName,
	};
	const expectedBytes = Number(readHeader(response.headers, 'content-length') ?? NaN);
	const stream = response.body as AsyncIterable<Buffer> & NodeJS.ReadableStream;
	const declaredGzip = String(metadata.compressionAlgorithm ?? '').toUpperCase() === 'GZIP';

	if (request.output === 'binary' && !declaredGzip) {
		// Streamed straight to n8n's binary store: memory stays flat whatever the size.
		const stored = await context.helpers.prepareBinaryData(stream as never, fileName, 'text/csv');
		const binary = await checkStoredDocument(context, stored, expectedBytes, fileName);
		return new ItemsWithBinary([
			{ json: { ...summary, bytes: binary.bytes }, binary: { [request.binaryPropertyName]: binary } },
		]);
	}

	// Rows are read as the document arrives, so no copy of the whole text is ever made: a
	// document larger than the longest string JavaScript allows still reads.
	let received = 0;
	async function* counted(): AsyncGenerator<Buffer> {
		for await (const chunk of stream) {
			received += chunk.length;
			yield chunk;
		}
	}
	const reader =
		request.output === 'binary'
			? undefined
			: createFlatFileReader(String(request.report?.reportType ?? ''), {
					settlementFacts: request.settlementFacts,
				});
	const kept: Uint8Array[] | undefined = request.output === 'rows' ? undefined : [];
	const items: ItemsWithBinary['items'] = [];
	let bytes = 0;
	for await (const chunk of unpacked(counted(), declaredGzip)) {
		bytes += chunk.length;
		kept?.push(chunk);
		if (reader === undefined) continue;
		for (const row of reader.write(chunk)) items.push({ json: row });
	}
	const lengthKnown = Number.isFinite(expectedBytes);
	if (lengthKnown && received < expectedBytes) throw new CutShortError();

	if (reader !== undefined) {
		for (const row of reader.end()) items.push({ json: row });
		// Ending inside quotes hints at a cut only when the length could not tell: a document that
		// arrived whole is read as the tokenizer reads it (the open field takes the rest).
		if (reader.truncated && !lengthKnown) throw new CutShortError();
		summary.rowCount = items.length;
		if (reader.facts && request.settlementFacts === 'separateItem') {
			items.unshift({ json: { settlementFacts: reader.facts } });
		}
	}

	if (kept !== undefined) {
		const document = Buffer.concat(kept, bytes);
		if (reader === undefined) assertFlatFileDocument(document.subarray(0, FIRST_BYTES_NEEDED));
		const binary = await context.helpers.prepareBinaryData(document, fileName, 'text/csv');
		items.unshift({
			json: { ...summary, bytes: document.length },
			binary: { [request.binaryPropertyName]: binary },
		});
	}
	return new ItemsWithBinary(items);
}

/**
 * A document's bytes as they arrive, unpacked on the way when Amazon Pay declares gzip or the
 * first bytes show it. Stopping early closes the download.
 */
async function* unpacked(
	chunks: AsyncIterable<Uint8Array>,
	declaredGzip: boolean,
): AsyncGenerator<Uint8Array> {
	const iterator = chunks[Symbol.asyncIterator]();
	const head: Uint8Array[] = [];
	let headBytes = 0;
	// Two bytes tell gzip; a first piece that short is rare but possible.
	while (headBytes < 2) {
		const next = await iterator.next();
		if (next.done) break;
		head.push(next.value);
		headBytes += next.value.length;
	}

	async function* whole(): AsyncGenerator<Uint8Array> {
		try {
			yield* head;
			for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
				yield next.value;
			}
		} finally {
			await iterator.return?.();
		}
	}

	const gzip = declaredGzip || detectCompression(Buffer.concat(head)) === 'gzip';
	yield* gzip ? gunzipChunks(whole()) : whole();
}

// What was streamed to the binary store is checked afterwards: complete, and a flat file. A gzip
// document that Amazon Pay did not declare as such is unpacked from the store and stored again.
async function checkStoredDocument(
	context: AmazonPayContext,
	binary: IBinaryData,
	expectedBytes: number,
	fileName: string,
): Promise<IBinaryData> {
	const storedBytes = binary.bytes ?? (binary.id ? undefined : Buffer.from(binary.data, 'base64').length);
	if (Number.isFinite(expectedBytes) && storedBytes !== undefined && storedBytes < expectedBytes) {
		throw new CutShortError();
	}

	const firstBytes = await readFirstBytes(await storedChunks(context, binary));
	if (detectCompression(firstBytes) !== 'gzip') {
		assertFlatFileDocument(firstBytes);
		return binary;
	}
	const pieces: Uint8Array[] = [];
	for await (const piece of unpacked(await storedChunks(context, binary), true)) pieces.push(piece);
	const document = Buffer.concat(pieces);
	assertFlatFileDocument(document.subarray(0, FIRST_BYTES_NEEDED));
	return await context.helpers.prepareBinaryData(document, fileName, 'text/csv');
}

async function storedChunks(
	context: AmazonPayContext,
	binary: IBinaryData,
): Promise<AsyncIterable<Uint8Array>> {
	if (binary.id) return (await context.helpers.getBinaryStream(binary.id)) as AsyncIterable<Buffer>;
	const inline = Buffer.from(binary.data, 'base64');
	return (async function* () {
		yield inline;
	})();
}

async function readFirstBytes(chunks: AsyncIterable<Uint8Array>): Promise<Buffer> {
	const parts: Uint8Array[] = [];
	let size = 0;
	// Leaving the loop early closes the stream.
	for await (const chunk of chunks) {
		parts.push(chunk);
		size += chunk.length;
		if (size >= FIRST_BYTES_NEEDED) break;
	}
	return Buffer.concat(parts).subarray(0, FIRST_BYTES_NEEDED);
}

class CutShortError extends Error {
	constructor() {
		super('the report document ended early');
		this.name = 'CutShortError';
	}
}

function isCutShort(error: unknown): boolean {
	if (error instanceof CutShortError) return true;
	const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
	return (
		code === 'ECONNRESET' ||
		code === 'ERR_STREAM_PREMATURE_CLOSE' ||
		(typeof message === 'string' && /aborted|premature|socket hang up/i.test(message))
	);
}

function readingError(context: AmazonPayContext, error: unknown, request: DocumentRequest) {
	if (error instanceof AmazonPayInputError) return toOperationError(context, error, request.itemIndex);
	if (isCutShort(error)) {
		return new NodeOperationError(
			context.getNode(),
			`The download of report document ${request.reportDocumentId} was cut off twice`,
			{
				description:
					'The connection closed before the whole document arrived. Try again; if it keeps happening, check for a proxy with a size or time limit between n8n and the download host.',
				itemIndex: request.itemIndex,
			},
		);
	}
	return new NodeOperationError(
		context.getNode(),
		`Could not read report document ${request.reportDocumentId}`,
		{ description: (error as Error)?.message, itemIndex: request.itemIndex },
	);
}

async function readRefusal(body: unknown): Promise<string> {
	let text = '';
	try {
		for await (const chunk of body as AsyncIterable<Buffer>) {
			text += chunk.toString('utf8');
			if (text.length > 2000) break;
		}
	} catch {
		return text;
	}
	const code = /<Code>([^<]*)<\/Code>/.exec(text)?.[1];
	const message = /<Message>([^<]*)<\/Message>/.exec(text)?.[1];
	if (code || message) return [code, message].filter(Boolean).join(': ');
	return text.slice(0, 200);
}

function documentFileName(request: DocumentRequest): string {
	const report = request.report;
	if (!report?.reportType) return `amazon-pay-report-document-${safe(request.reportDocumentId)}.csv`;

	const type = findReportType(String(report.reportType));
	const slug = (type?.name ?? String(report.reportType))
		.toLowerCase()
		.replace(/\(transactions\)/, '')
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-|-$/g, '');
	const range = [report.startTime, report.endTime]
		.map((time) => String(time ?? '').slice(0, 8))
		.filter(Boolean)
		.join('-');
	return `amazon-pay-${slug}${range ? `-${range}` : ''}.csv`;
}

function safe(text: string): string {
	return text.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 80);
}

function readHeader(headers: IDataObject | undefined, name: string): string | undefined {
	const entry = Object.entries(headers ?? {}).find(([key]) => key.toLowerCase() === name);
	return entry === undefined ? undefined : String(entry[1]);
}
