// One measurement of section 3 in a fresh process: a report document read one way, with its wall
// time, its rows and the growth of this process's peak resident memory. Started by documents.ts.

import { createReadStream, createWriteStream } from 'node:fs';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import { parse } from 'csv-parse';
import { request } from 'undici';

import { createFlatFileReader } from '../dist/nodes/shared/flatFile';
import { clearCapturedLogs, loadPackageNodeTypes, runWorkflow } from '../test/runner';
import { answerParent } from './lib/child';
import { RssSampler, type MemoryGrowth } from './lib/rssSampler';
import { oneNodeWorkflow, PACKAGE_NODE_TYPE } from './lib/workflows';

export const SETTLEMENT = '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_SETTLEMENT_DATA_';

// csv-parse set to read these files as the package's reader does (quotes kept lenient, rows of
// any length, blank lines skipped), giving objects keyed by the transaction table's header: the
// facts block above it is the 9 lines of facts and a blank line.
export const CSV_PARSE_OPTIONS = {
	bom: true,
	relax_quotes: true,
	relax_column_count: true,
	skip_empty_lines: true,
	columns: true,
	from_line: 11,
};

export type ProbeMode =
	| 'node-binary'
	| 'node-rows'
	| 'download'
	| 'save'
	| 'reader-stream'
	| 'reader-file'
	| 'csv-parse-file';

export interface DocumentTarget {
	reportId: string;
	reportDocumentId: string;
	/** A copy of the document on disk, for the modes that read a file. */
	filePath?: string;
	bytes: number;
}

export interface ProbeInput {
	mode: ProbeMode;
	emulatorUrl: string;
	credentials: Record<string, string>;
	target: DocumentTarget;
	/** A small document read the same way first, so that the measured run is warm. */
	warmUp?: DocumentTarget;
}

type Measured = () => Promise<{ bytes: number; rows?: number }>;

export interface ProbeResult {
	wallMs: number;
	bytes: number;
	rows?: number;
	memory: MemoryGrowth;
}

async function documentUrl(input: ProbeInput, target: DocumentTarget): Promise<string> {
	const response = await request(`${input.emulatorUrl}/__emulator/document-url`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ reportId: target.reportId }),
	});
	const { url } = (await response.body.json()) as { url: string };
	return url;
}

async function readThroughNode(input: ProbeInput, target: DocumentTarget): Promise<Measured> {
	const output = input.mode === 'node-binary' ? 'binary' : 'rows';
	const workflow = oneNodeWorkflow(
		{
			type: PACKAGE_NODE_TYPE,
			typeVersion: 1,
			parameters: {
				resource: 'reportDocument',
				operation: 'download',
				reportDocumentId: target.reportDocumentId,
				documentOutput: output,
				options: { reportType: SETTLEMENT },
			},
		},
		1,
	);
	return async () => {
		const result = await runWorkflow(workflow, { credentials: { amazonPayApi: input.credentials } });
		clearCapturedLogs();
		if (result.status !== 'success') throw new Error(`the workflow failed: ${result.error?.message}`);

		const items = result.outputs.Measured;
		if (output === 'binary') {
			const [item] = items;
			const bytes = Number(item.json.bytes);
			if (bytes !== target.bytes || !item.binary?.data) {
				throw new Error(`binary output of ${bytes} bytes, ${target.bytes} expected`);
			}
			return { bytes };
		}
		const rows = items.filter((item) => item.json.settlementFacts === undefined).length;
		return { bytes: target.bytes, rows };
	};
}

async function download(input: ProbeInput, target: DocumentTarget): Promise<Measured> {
	const url = await documentUrl(input, target);
	return async () => {
		const response = await request(url);
		if (response.statusCode !== 200) throw new Error(`download answered ${response.statusCode}`);
		let bytes = 0;
		if (input.mode === 'save') {
			await pipeline(response.body, createWriteStream(target.filePath as string));
			bytes = target.bytes;
		} else {
			for await (const chunk of response.body) bytes += (chunk as Buffer).length;
		}
		return { bytes };
	};
}

async function readerOverStream(chunks: AsyncIterable<Buffer>) {
	const reader = createFlatFileReader(SETTLEMENT, { settlementFacts: 'separateItem' });
	let rows = 0;
	let bytes = 0;
	for await (const chunk of chunks) {
		bytes += chunk.length;
		rows += reader.write(chunk).length;
	}
	rows += reader.end().length;
	return { bytes, rows };
}

async function readWithReader(input: ProbeInput, target: DocumentTarget): Promise<Measured> {
	if (input.mode === 'reader-file') {
		return () => readerOverStream(createReadStream(target.filePath as string));
	}
	const url = await documentUrl(input, target);
	return async () => {
		const response = await request(url);
		if (response.statusCode !== 200) throw new Error(`download answered ${response.statusCode}`);
		return await readerOverStream(response.body as AsyncIterable<Buffer>);
	};
}

async function readWithCsvParse(target: DocumentTarget): Promise<Measured> {
	return async () => {
		let rows = 0;
		await pipeline(
			createReadStream(target.filePath as string),
			parse(CSV_PARSE_OPTIONS),
			new Writable({
				objectMode: true,
				write(_record, _encoding, done) {
					rows++;
					done();
				},
			}),
		);
		return { bytes: target.bytes, rows };
	};
}

function prepare(input: ProbeInput, target: DocumentTarget): Promise<Measured> {
	switch (input.mode) {
		case 'node-binary':
		case 'node-rows':
			return readThroughNode(input, target);
		case 'download':
		case 'save':
			return download(input, target);
		case 'reader-stream':
		case 'reader-file':
			return readWithReader(input, target);
		case 'csv-parse-file':
			return readWithCsvParse(target);
	}
}

async function main(): Promise<ProbeResult> {
	const input = JSON.parse(process.argv[2]) as ProbeInput;
	if (input.mode.startsWith('node-')) await loadPackageNodeTypes();

	if (input.warmUp) await (await prepare(input, input.warmUp))();
	const measured = await prepare(input, input.target);

	const sampler = new RssSampler();
	await sampler.start();
	const started = performance.now();
	const { bytes, rows } = await measured();
	const wallMs = performance.now() - started;
	const memory = await sampler.stop();
	return { wallMs, bytes, rows, memory };
}

answerParent(main);
