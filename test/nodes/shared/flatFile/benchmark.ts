/**
 * Rows per second of the hand-written tokenizer against csv-parse, on a generated settlement file.
 * Run: npx tsx test/nodes/shared/flatFile/benchmark.ts [megabytes, default 50]
 */
import { parse } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';

import { createFlatFileReader } from '../../../../nodes/shared/flatFile';
import { CsvTokenizer, parseCsv } from '../../../../nodes/shared/flatFile/tokenizer';
import { settlementFileChunks } from '../../../fixtures/flatFiles/generate';

const CSV_PARSE_OPTIONS = {
	bom: true,
	relax_quotes: true,
	relax_column_count: true,
	skip_empty_lines: true,
	record_delimiter: ['\r\n', '\n', '\r'],
};

async function main(): Promise<void> {
	const megabytes = Number(process.argv[2] ?? 50);
	const chunks = Array.from(settlementFileChunks({ bytes: megabytes * 1e6, seed: 1 }));
	const size = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
	const text = Buffer.concat(chunks).toString('utf8');
	console.log(`${(size / 1e6).toFixed(1)} MB in ${chunks.length} chunks`);

	await measure('tokenizer, whole text', async () => parseCsv(text).length);
	await measure(
		'csv-parse sync, whole text',
		async () => parseSync(text, CSV_PARSE_OPTIONS).length,
	);
	await measure('tokenizer, 64 KB Buffers', async () => {
		const tokenizer = new CsvTokenizer();
		let rows = 0;
		for (const chunk of chunks) {
			rows += tokenizer.write(chunk).length;
		}
		return rows + tokenizer.end().length;
	});
	await measure('csv-parse stream, 64 KB Buffers', async () => {
		const parser = parse(CSV_PARSE_OPTIONS);
		let rows = 0;
		parser.on('readable', () => {
			while (parser.read() !== null) {
				rows++;
			}
		});
		const finished = new Promise<void>((resolve, reject) => {
			parser.on('end', resolve);
			parser.on('error', reject);
		});
		for (const chunk of chunks) {
			parser.write(chunk);
		}
		parser.end();
		await finished;
		return rows;
	});
	await measure('flat-file reader (row objects), 64 KB Buffers', async () => {
		const reader = createFlatFileReader('_GET_FLAT_FILE_OFFAMAZONPAYMENTS_SETTLEMENT_DATA_');
		let rows = 0;
		for (const chunk of chunks) {
			rows += reader.write(chunk).length;
		}
		return rows + reader.end().length;
	});
}

async function measure(name: string, run: () => Promise<number>): Promise<void> {
	let best = Infinity;
	let rows = 0;
	for (let attempt = 0; attempt < 3; attempt++) {
		const started = performance.now();
		rows = await run();
		best = Math.min(best, performance.now() - started);
	}
	const perSecond = Math.round((rows / best) * 1000).toLocaleString('en-US');
	console.log(`${name}: ${rows} rows, best of 3 ${best.toFixed(0)} ms, ${perSecond} rows/s`);
}

void main();
