// Report documents: the pre-signed URLs handed out by Get Report Document, and the content
// behind them. Content is made on demand from the report's document options and streamed;
// only its size is remembered, because a Content-Length must be sent before the body.

import { randomBytes } from 'node:crypto';
import { Readable, pipeline } from 'node:stream';
import { createGzip } from 'node:zlib';

import { DOCUMENT_PREFIX, DOCUMENT_URL_TTL_MS, type Environment } from '../constants';
import { formatAmazonTime } from '../dates';
import type { StoredReport } from '../reports';
import { flatFileChunks, planFlatFile, type FlatFilePlan, type FlatFileRequest } from './flatFiles';
import { seedFromText } from './random';

export type CompressionAlgorithm = 'N/A' | 'GZIP';

/** How a report's document is made; what is left out comes from the emulator's defaults. */
export interface DocumentOptions {
	/** Table rows of a generated file. */
	rows?: number;
	/** Size of a generated file in bytes, roughly; wins over rows. */
	bytes?: number;
	/** Seed of a generated file; derived from the reportDocumentId when left out. */
	seed?: number;
	/** Exact content to serve instead of a generated file. */
	content?: string;
	/** GZIP serves the content gzip-compressed and says so in Get Report Document. */
	compression?: CompressionAlgorithm;
	/** With GZIP: Get Report Document says N/A all the same. */
	compressionUndeclared?: boolean;
}

export interface IssuedDocumentUrl {
	reportDocumentId: string;
	environment: Environment;
	objectKey: string;
	issuedAt: number;
}

export interface DocumentBody {
	contentType: string;
	size: number;
	open(): Readable;
}

export class DocumentStore {
	private readonly urlsBySignature = new Map<string, IssuedDocumentUrl>();
	private readonly plans = new Map<string, FlatFilePlan>();
	private readonly gzipSizes = new Map<string, number>();

	/** A URL shaped like a pre-signed S3 address, valid for 30 s from now. */
	issueUrl(report: StoredReport, now: number, baseUrl: string): string {
		const objectKey = randomBytes(16).toString('hex');
		const signature = randomBytes(32).toString('hex');
		this.urlsBySignature.set(signature, {
			reportDocumentId: report.reportDocumentId,
			environment: report.environment,
			objectKey,
			issuedAt: now,
		});

		const query = [
			'X-Amz-Algorithm=AWS4-HMAC-SHA256',
			`X-Amz-Date=${formatAmazonTime(now)}`,
			`X-Amz-Expires=${DOCUMENT_URL_TTL_MS / 1000}`,
			'X-Amz-SignedHeaders=host',
			`X-Amz-Signature=${signature}`,
		].join('&');
		return `${baseUrl}${DOCUMENT_PREFIX}${objectKey}/${report.reportId}.csv?${query}`;
	}

	/** The URL a download names, when the emulator issued it; expiry is the caller's check. */
	findUrl(objectKey: string, signature: string): IssuedDocumentUrl | undefined {
		const issued = this.urlsBySignature.get(signature);
		return issued?.objectKey === objectKey ? issued : undefined;
	}

	async body(report: StoredReport, defaultRows: number): Promise<DocumentBody> {
		const compression = report.document.compression ?? 'N/A';
		const plain = this.plainBody(report, defaultRows);
		if (compression === 'N/A') return plain;

		const cacheKey = plain.cacheKey;
		let size = this.gzipSizes.get(cacheKey);
		if (size === undefined) {
			size = 0;
			for await (const chunk of gzipped(plain.open())) size += (chunk as Buffer).length;
			this.gzipSizes.set(cacheKey, size);
		}
		return {
			// S3 serves Amazon's gzip files as bytes, without Content-Encoding: the client unzips.
			contentType: 'application/octet-stream',
			size,
			open: () => gzipped(plain.open()),
		};
	}

	clear(): void {
		this.urlsBySignature.clear();
		this.plans.clear();
		this.gzipSizes.clear();
	}

	private plainBody(
		report: StoredReport,
		defaultRows: number,
	): DocumentBody & { cacheKey: string } {
		const { content } = report.document;
		if (content !== undefined) {
			const bytes = Buffer.from(content, 'utf8');
			return {
				contentType: 'text/csv',
				size: bytes.length,
				open: () => Readable.from([bytes]),
				cacheKey: `content:${report.reportDocumentId}`,
			};
		}

		const request = flatFileRequest(report, defaultRows);
		const cacheKey = JSON.stringify(request);
		let plan = this.plans.get(cacheKey);
		if (!plan) {
			plan = planFlatFile(request);
			this.plans.set(cacheKey, plan);
		}
		const finalPlan = plan;
		return {
			contentType: 'text/csv',
			size: finalPlan.size,
			open: () => Readable.from(flatFileChunks(request, finalPlan)),
			cacheKey,
		};
	}
}

function flatFileRequest(report: StoredReport, defaultRows: number): FlatFileRequest {
	const { rows, bytes, seed } = report.document;
	return {
		reportType: report.reportType,
		environment: report.environment,
		seed: seed ?? seedFromText(report.reportDocumentId),
		rows: bytes === undefined ? (rows ?? defaultRows) : undefined,
		bytes,
		startTime: report.startTime,
		endTime: report.endTime,
	};
}

function gzipped(source: Readable): Readable {
	const gzip = createGzip();
	// Destroying the gzip stream (a client gone) destroys the source with it.
	pipeline(source, gzip, () => undefined);
	return gzip;
}

/** Checks document options from a seed call; throws with a message for the caller. */
export function checkDocumentOptions(options: DocumentOptions): void {
	const { rows, bytes, seed, content, compression, compressionUndeclared } = options;
	if (rows !== undefined && !(Number.isInteger(rows) && rows >= 0)) {
		throw new Error('documentRows must be a whole number, 0 or more');
	}
	if (bytes !== undefined && !(Number.isInteger(bytes) && bytes >= 0)) {
		throw new Error('documentBytes must be a whole number of bytes, 0 or more');
	}
	if (seed !== undefined && !Number.isInteger(seed)) {
		throw new Error('documentSeed must be a whole number');
	}
	if (content !== undefined && typeof content !== 'string') {
		throw new Error('documentContent must be a string');
	}
	if (compression !== undefined && compression !== 'N/A' && compression !== 'GZIP') {
		throw new Error("documentCompression must be 'N/A' or 'GZIP'");
	}
	if (compressionUndeclared !== undefined && typeof compressionUndeclared !== 'boolean') {
		throw new Error('documentCompressionUndeclared must be true or false');
	}
}
