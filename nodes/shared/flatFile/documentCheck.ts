import { AmazonPayInputError } from '../errors';

/** How many leading bytes are enough to tell a flat file from a web page, JSON or binary data. */
export const FIRST_BYTES_NEEDED = 512;

const DESCRIBED_CHARACTERS = 40;
const DESCRIBED_BYTES = 8;

/**
 * Whether a report document must be unpacked before it is read. Amazon Pay documents its
 * compressionAlgorithm as always N/A, but a gzip answer is recognised by its first two bytes.
 */
export function detectCompression(firstBytes: Uint8Array): 'gzip' | 'none' {
	return firstBytes.length >= 2 && firstBytes[0] === 0x1f && firstBytes[1] === 0x8b
		? 'gzip'
		: 'none';
}

/**
 * Refuses a document that is plainly not comma-separated text, naming what it looks like instead;
 * an empty document passes (it reads as zero rows).
 */
export function assertFlatFileDocument(firstBytes: Uint8Array): void {
	if (firstBytes.length === 0) {
		return;
	}

	if (detectCompression(firstBytes) === 'gzip') {
		throw new AmazonPayInputError(
			'Report Document',
			`The report document is gzip-compressed (it starts with ${describeBytes(firstBytes)}) and must be decompressed before it is read as a flat file.`,
			'Expected plain comma-separated text; gunzip the downloaded document first.',
		);
	}

	const kind = recogniseNonFlatFile(firstBytes);
	if (kind === undefined) {
		return;
	}
	const start = kind.binary ? describeBytes(firstBytes) : describeText(firstBytes);
	throw new AmazonPayInputError(
		'Report Document',
		`The report document is not a flat file: it looks like ${kind.name} and starts with ${start}.`,
		kind.hint,
	);
}

interface NonFlatFileKind {
	name: string;
	binary: boolean;
	hint: string;
}

const PAGE_HINT =
	'Expected comma-separated text such as "TransactionPostedDate","SettlementId",... . A web page ' +
	'in its place usually means the download address expired (it is valid for about 30 seconds) ' +
	'or a proxy answered instead: get the report document again and download it at once.';
const JSON_HINT =
	'Expected comma-separated text; a JSON answer usually carries an Amazon Pay reasonCode and ' +
	'message: check the Report Document ID and that the report is COMPLETED.';
const BINARY_HINT =
	'Expected comma-separated text from a settlement, transaction or multi-currency report; check ' +
	'that the Report Document ID belongs to one of those reports.';

function recogniseNonFlatFile(bytes: Uint8Array): NonFlatFileKind | undefined {
	if (startsWithAscii(bytes, 0, '%PDF')) {
		return { name: 'a PDF file', binary: false, hint: BINARY_HINT };
	}
	if (startsWithAscii(bytes, 0, 'PK\x03\x04')) {
		return { name: 'a ZIP archive', binary: true, hint: BINARY_HINT };
	}

	const textStart = skipByteOrderMarkAndSpace(bytes);
	const first = bytes[textStart];
	if (first === 0x3c /* < */) {
		const opening = Buffer.from(bytes.subarray(textStart, textStart + 256)).toString('latin1');
		const name = /<!doctype html|<html/i.test(opening)
			? 'an HTML page'
			: // Amazon S3, which serves the download address, answers an expired link this way.
				/<Error[\s>]/.test(opening)
				? 'an XML error answer'
				: 'an XML document';
		return { name, binary: false, hint: PAGE_HINT };
	}
	if (first === 0x7b /* { */ || (first === 0x5b /* [ */ && looksLikeJsonArray(bytes, textStart))) {
		return { name: 'JSON', binary: false, hint: JSON_HINT };
	}
	if (bytes.includes(0)) {
		return { name: 'binary data', binary: true, hint: BINARY_HINT };
	}
	return undefined;
}

function looksLikeJsonArray(bytes: Uint8Array, start: number): boolean {
	const next = bytes[skipSpace(bytes, start + 1)];
	// `[{`, `["`, `[]`, `[1`: a CSV field could begin with "[" but hardly with these.
	return next === 0x7b || next === 0x22 || next === 0x5d || (next >= 0x30 && next <= 0x39);
}

function skipByteOrderMarkAndSpace(bytes: Uint8Array): number {
	const afterMark = startsWithAscii(bytes, 0, '\xef\xbb\xbf') ? 3 : 0;
	return skipSpace(bytes, afterMark);
}

function skipSpace(bytes: Uint8Array, from: number): number {
	let index = from;
	while (
		index < bytes.length &&
		(bytes[index] === 0x20 || (bytes[index] >= 0x09 && bytes[index] <= 0x0d))
	) {
		index++;
	}
	return index;
}

function startsWithAscii(bytes: Uint8Array, offset: number, prefix: string): boolean {
	if (bytes.length < offset + prefix.length) {
		return false;
	}
	for (let index = 0; index < prefix.length; index++) {
		if (bytes[offset + index] !== prefix.charCodeAt(index)) {
			return false;
		}
	}
	return true;
}

/** `bytes 1f 8b 08 00 …`: for content that is not text. */
function describeBytes(bytes: Uint8Array): string {
	const shown = Array.from(bytes.subarray(0, DESCRIBED_BYTES), (byte) =>
		byte.toString(16).padStart(2, '0'),
	);
	return `bytes ${shown.join(' ')}${bytes.length > DESCRIBED_BYTES ? ' …' : ''}`;
}

/**
 * The opening characters in quotes, with line breaks and other control characters written as
 * escapes, so that the message stays one readable line whatever the document holds.
 */
function describeText(bytes: Uint8Array): string {
	const text = new TextDecoder('utf-8', { ignoreBOM: false }).decode(bytes.subarray(0, 200));
	let shown = '';
	let characters = 0;
	for (const character of text) {
		if (characters === DESCRIBED_CHARACTERS) {
			return `"${shown}…"`;
		}
		shown += escapeCharacter(character);
		characters++;
	}
	return `"${shown}${bytes.length > 200 ? '…' : ''}"`;
}

function escapeCharacter(character: string): string {
	switch (character) {
		case '\n':
			return '\\n';
		case '\r':
			return '\\r';
		case '\t':
			return '\\t';
		case '"':
			return '\\"';
		case '\\':
			return '\\\\';
	}
	const code = character.codePointAt(0) ?? 0;
	if (code === 0xfffd) {
		// Bytes that are not UTF-8.
		return '?';
	}
	if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) {
		return `\\x${code.toString(16).padStart(2, '0')}`;
	}
	return character;
}
