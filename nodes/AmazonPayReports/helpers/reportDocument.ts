import type { IBinaryData, IDataObject, IN8nHttpFullResponse, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { AmazonPayInputError } from '../../shared/errors';
import { assertFlatFileDocument, detectCompression, FIRST_BYTES_NEEDED } from '../../shared/flatFile/documentCheck';
import { createFlatFileReader, type SettlementFactsPlacement } from '../../shared/flatFile/reader';
import { gunzip } from '../../shared/gunzip';
import { findReportType } from '../../shared/reportTypes';
import { encodeRfc3986 } from '../../shared/signing/encoding';
import { DEFAULT_TIMEOUT_MS } from '../../shared/retryPolicy';
import {
	amazonPayApiRequest,
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
	// The link stays valid for about 30 seconds: one fresh link is asked for if it has gone stale.
	for (let attempt = 1; ; attempt++) {
		const metadata = await getDocumentMetadata(context, request);
		const response = await fetchDocument(context, metadata, request);
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
	request: DocumentRequest,
): Promise<IN8nHttpFullResponse> {
	try {
		return (await context.helpers.httpRequest({
			method: 'GET',
			url: metadata.url as string,
			encoding: 'stream',
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: DEFAULT_TIMEOUT_MS,
		})) as IN8nHttpFullResponse;
	} catch {
		throw new NodeOperationError(
			context.getNode(),
			'Could not reach the host that serves Amazon Pay report documents',
			{
				description:
					'Check that the n8n server can reach the download host (proxy, firewall, DNS).',
				itemIndex: request.itemIndex,
			},
		);
	}
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
	const compressed = String(metadata.compressionAlgorithm ?? '').toUpperCase() === 'GZIP';

	if (request.output === 'binary' && !compressed) {
		// Streamed straight to n8n's binary store: memory stays flat whatever the size.
		const binary = await context.helpers.prepareBinaryData(stream as never, fileName, 'text/csv');
		await checkStoredDocument(context, binary, expectedBytes);
		return new ItemsWithBinary([
			{ json: { ...summary, bytes: binary.bytes }, binary: { [request.binaryPropertyName]: binary } },
		]);
	}

	const chunks: Buffer[] = [];
	let received = 0;
	for await (const chunk of stream) {
		chunks.push(chunk);
		received += chunk.length;
	}
	if (Number.isFinite(expectedBytes) && received < expectedBytes) throw new CutShortError();
	let document: Buffer = Buffer.concat(chunks, received);
	if (compressed || detectCompression(document.subarray(0, 2)) === 'gzip') {
		document = await gunzip(document);
	}

	const items: ItemsWithBinary['items'] = [];
	if (request.output !== 'binary') {
		const reader = createFlatFileReader(String(request.report?.reportType ?? ''), {
			settlementFacts: request.settlementFacts,
		});
		const rows = reader.write(document);
		rows.push(...reader.end());
		if (reader.truncated) throw new CutShortError();
		if (reader.facts && request.settlementFacts === 'separateItem') {
			items.push({ json: { settlementFacts: reader.facts } });
		}
		for (const row of rows) items.push({ json: row });
		summary.rowCount = rows.length;
	} else {
		assertFlatFileDocument(document.subarray(0, FIRST_BYTES_NEEDED));
	}

	if (request.output !== 'rows') {
		const binary = await context.helpers.prepareBinaryData(document, fileName, 'text/csv');
		items.unshift({
			json: { ...summary, bytes: document.length },
			binary: { [request.binaryPropertyName]: binary },
		});
	}
	return new ItemsWithBinary(items);
}

// What was streamed to the binary store is checked afterwards: complete, and a flat file.
async function checkStoredDocument(
	context: AmazonPayContext,
	binary: IBinaryData,
	expectedBytes: number,
): Promise<void> {
	const firstBytes = binary.id
		? await readFirstBytes(await context.helpers.getBinaryStream(binary.id))
		: Buffer.from(binary.data, 'base64').subarray(0, FIRST_BYTES_NEEDED);
	const storedBytes = binary.bytes ?? (binary.id ? undefined : Buffer.from(binary.data, 'base64').length);
	if (Number.isFinite(expectedBytes) && storedBytes !== undefined && storedBytes < expectedBytes) {
		throw new CutShortError();
	}
	assertFlatFileDocument(firstBytes);
}

async function readFirstBytes(stream: AsyncIterable<Buffer> & { destroy?: () => void }): Promise<Buffer> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of stream) {
		chunks.push(chunk);
		size += chunk.length;
		if (size >= FIRST_BYTES_NEEDED) break;
	}
	stream.destroy?.();
	return Buffer.concat(chunks).subarray(0, FIRST_BYTES_NEEDED);
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
