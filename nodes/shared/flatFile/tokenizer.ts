import { AmazonPayInputError } from '../errors';

export interface CsvTokenizerOptions {
	/** One character; `,` by default. */
	delimiter?: string;
	/**
	 * Decoding for Buffer chunks, as TextDecoder names it; `utf-8` by default. Bytes invalid in it
	 * become U+FFFD rather than stopping the read.
	 */
	encoding?: string;
}

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
const BYTE_ORDER_MARK = 0xfeff;

const enum FieldState {
	/** Nothing of the current field read yet. */
	Start,
	/** Inside an unquoted field (or one that became plain text after its closing quote). */
	Unquoted,
	/** Inside quotes. */
	Quoted,
	/** Just after a quote inside quotes: a second quote, a delimiter or a line break decides. */
	QuoteSeen,
}

/**
 * A hand-written, incremental CSV tokenizer: RFC 4180 plus what real report files do.
 *
 * Behaviour, in the order a reader meets it:
 * - One UTF-8 byte-order mark at the very start of the input is dropped; any other U+FEFF is data.
 * - Rows end at CRLF, LF or a lone CR, and may mix them. Empty lines (no character at all between
 *   two line breaks) are skipped; a line holding only spaces or only `""` is a row.
 * - A field that starts with a quote is quoted: delimiters and line breaks inside it are data and
 *   `""` stands for one quote.
 * - A quote anywhere else in an unquoted field is kept as written (`ab"c` stays `ab"c`).
 * - Text after the closing quote of a quoted field (`"ab"c,d`) turns the field into plain text: the
 *   two quotes are kept around the unescaped content and the rest runs to the next delimiter, so
 *   the field reads `"ab"c`.
 * - A quoted field still open at the end of the input takes everything up to the end as its value
 *   (line breaks included, `""` read as one quote), and `unterminatedQuote` turns true: a truncated
 *   download then keeps every byte instead of failing.
 * - A last row without a final line break, or shorter than the others, is returned as it is; rows
 *   keep their own lengths.
 * Every rule but the unterminated quote is what csv-parse 7 does with `{ bom: true, relax_quotes:
 * true, relax_column_count: true, skip_empty_lines: true, record_delimiter: ['\r\n', '\n', '\r'] }`;
 * on an unterminated quote csv-parse throws instead.
 */
export class CsvTokenizer {
	/** True once the input ended inside a quoted field (see the class comment). */
	unterminatedQuote = false;

	private readonly delimiter: number;
	private readonly decoder: InstanceType<typeof TextDecoder>;
	private state = FieldState.Start;
	/** The current field's text so far, when it spans chunks or holds an unescaped quote. */
	private field = '';
	private row: string[] = [];
	private atInputStart = true;
	private ended = false;

	constructor(options: CsvTokenizerOptions = {}) {
		const delimiter = options.delimiter ?? ',';
		if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\r' || delimiter === '\n') {
			throw new AmazonPayInputError(
				'Delimiter',
				`The delimiter ${JSON.stringify(delimiter)} cannot separate CSV fields.`,
				'Use one character other than a quote or a line break, e.g. "," or a tab.',
			);
		}
		this.delimiter = delimiter.charCodeAt(0);
		// ignoreBOM keeps the mark in the text so that strings and Buffers lose it in one place.
		this.decoder = new TextDecoder(options.encoding ?? 'utf-8', { ignoreBOM: true });
	}

	/** Reads one more piece of the input; returns the rows it completed. */
	write(chunk: string | Uint8Array): string[][] {
		if (this.ended) {
			throw new Error('CsvTokenizer.write() was called after end().');
		}
		const text = typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true });
		const rows: string[][] = [];
		this.consume(text, rows);
		return rows;
	}

	/** Ends the input; returns the rows still open (the last line needs no line break). */
	end(): string[][] {
		if (this.ended) {
			return [];
		}
		const rows: string[][] = [];
		this.consume(this.decoder.decode(), rows);
		this.ended = true;

		switch (this.state) {
			case FieldState.Start:
				// A trailing delimiter ("a,b,") still announces one more, empty, field.
				if (this.row.length > 0) {
					this.row.push('');
					rows.push(this.row);
				}
				break;
			case FieldState.Unquoted:
				if (this.row.length > 0 || this.field !== '') {
					this.row.push(this.field);
					rows.push(this.row);
				}
				break;
			case FieldState.Quoted:
				this.unterminatedQuote = true;
				this.row.push(this.field);
				rows.push(this.row);
				break;
			case FieldState.QuoteSeen:
				this.row.push(this.field);
				rows.push(this.row);
				break;
		}

		this.row = [];
		this.field = '';
		this.state = FieldState.Start;
		return rows;
	}

	private consume(text: string, rows: string[][]): void {
		const length = text.length;
		if (length === 0) {
			return;
		}
		let index = 0;
		if (this.atInputStart) {
			this.atInputStart = false;
			if (text.charCodeAt(0) === BYTE_ORDER_MARK) {
				index = 1;
			}
		}

		// Locals rather than fields in the hot loop: V8 keeps them in registers.
		const delimiter = this.delimiter;
		let state = this.state;
		let field = this.field;
		let row = this.row;

		while (index < length) {
			if (state === FieldState.Start) {
				if (text.charCodeAt(index) === QUOTE) {
					state = FieldState.Quoted;
					field = '';
					index++;
					continue;
				}
				state = FieldState.Unquoted;
				field = '';
			}

			if (state === FieldState.Unquoted) {
				let end = index;
				let code = 0;
				while (end < length) {
					code = text.charCodeAt(end);
					if (code === delimiter || code === LF || code === CR) {
						break;
					}
					end++;
				}
				if (end === length) {
					field += text.slice(index, end);
					index = length;
					break;
				}
				const value = field === '' ? text.slice(index, end) : field + text.slice(index, end);
				index = end + 1;
				state = FieldState.Start;
				field = '';
				if (code === delimiter) {
					row.push(value);
				} else if (row.length > 0 || value !== '') {
					row.push(value);
					rows.push(row);
					row = [];
				}
				continue;
			}

			if (state === FieldState.Quoted) {
				const closing = text.indexOf('"', index);
				if (closing === -1) {
					field += text.slice(index);
					index = length;
					break;
				}
				field += text.slice(index, closing);
				index = closing + 1;
				state = FieldState.QuoteSeen;
				if (index === length) {
					break;
				}
			}

			// QuoteSeen: the character after a quote inside a quoted field.
			const code = text.charCodeAt(index);
			if (code === QUOTE) {
				field += '"';
				index++;
				state = FieldState.Quoted;
			} else if (code === delimiter) {
				row.push(field);
				field = '';
				index++;
				state = FieldState.Start;
			} else if (code === LF || code === CR) {
				row.push(field);
				rows.push(row);
				row = [];
				field = '';
				index++;
				state = FieldState.Start;
			} else {
				field = '"' + field + '"';
				state = FieldState.Unquoted;
			}
		}

		this.state = state;
		this.field = field;
		this.row = row;
	}
}

/** Tokenizes a whole document at once; see CsvTokenizer for the rules. */
export function parseCsv(text: string | Uint8Array, options: CsvTokenizerOptions = {}): string[][] {
	const tokenizer = new CsvTokenizer(options);
	const rows = tokenizer.write(text);
	for (const row of tokenizer.end()) {
		rows.push(row);
	}
	return rows;
}
