export { CsvTokenizer, parseCsv, type CsvTokenizerOptions } from './tokenizer';
export { columnKeys, rowToObject, type FlatFileRow } from './columns';
export { assertFlatFileDocument, detectCompression } from './documentCheck';
export { readSettlementFacts, type SettlementFacts } from './settlementFacts';
export {
	createFlatFileReader,
	readFlatFile,
	type FlatFileContent,
	type FlatFileReader,
	type FlatFileReaderOptions,
	type SettlementFactsPlacement,
} from './reader';
