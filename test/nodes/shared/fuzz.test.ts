// Generated-input tests of the readers that take what users type or paste, and of the query
// encoder that must agree with Amazon byte for byte. Each either answers correctly or throws
// the package's own clear error; nothing else escapes, and nothing hangs (every property runs
// under a per-run time limit).
import { createPublicKey, generateKeyPairSync } from 'node:crypto';

import fc from 'fast-check';

import { readDate, toAmazonDate } from '../../../nodes/shared/dates';
import { readPublicKeyId } from '../../../nodes/shared/endpoints';
import { AmazonPayInputError } from '../../../nodes/shared/errors';
import { assertFlatFileDocument, readFlatFile } from '../../../nodes/shared/flatFile';
import { signOutgoingRequest, type OutgoingRequest } from '../../../nodes/shared/requestSigning';
import { encodeRfc3986, getCanonicalQuery } from '../../../nodes/shared/signing/encoding';
import { readPrivateKey } from '../../../nodes/shared/signing/privateKey';
import { getCanonicalQuery as serverCanonicalQuery } from '../../emulator/signature';

const field = 'Start Time';
const runs = (numRuns: number) => ({ numRuns, interruptAfterTimeLimit: 20_000, markInterruptAsFailure: true });

/** Calls `read`; passes when it returns or throws the package's error naming `fieldName`. */
function answersOrExplains<T>(read: () => T, fieldName: string): T | undefined {
	try {
		return read();
	} catch (error) {
		if (!(error instanceof AmazonPayInputError)) throw error;
		expect(error.field).toBe(fieldName);
		expect(error.message.length).toBeGreaterThan(10);
		return undefined;
	}
}

// Text that looks like dates, to reach deep into the patterns rather than fail at the first digit.
const dateLikeText = fc
	.tuple(
		fc.integer({ min: 0, max: 99_999 }).map((year) => String(year).padStart(4, '0')),
		fc.integer({ min: 0, max: 99 }),
		fc.integer({ min: 0, max: 99 }),
		fc.integer({ min: 0, max: 99 }),
		fc.integer({ min: 0, max: 99 }),
		fc.integer({ min: 0, max: 99 }),
		fc.constantFrom('', 'Z', 'z', '+00:00', '-07:00', '+0930', '+99:99', '-1', ' Z', '.123Z', ',5Z'),
		fc.constantFrom('extended', 'compact', 'dashed', 'dateOnly', 'space'),
	)
	.map(([year, month, day, hour, minute, second, suffix, form]) => {
		const two = (n: number) => String(n).padStart(2, '0');
		switch (form) {
			case 'compact':
				return `${year}${two(month)}${two(day)}T${two(hour)}${two(minute)}${two(second)}${suffix}`;
			case 'dashed':
				return `${year}-${two(month)}-${two(day)}T${two(hour)}-${two(minute)}-${two(second)}${suffix}`;
			case 'dateOnly':
				return `${year}-${two(month)}-${two(day)}`;
			case 'space':
				return `${year}-${two(month)}-${two(day)} ${two(hour)}:${two(minute)}${suffix}`;
			default:
				return `${year}-${two(month)}-${two(day)}T${two(hour)}:${two(minute)}:${two(second)}${suffix}`;
		}
	});

const YEAR_2000 = Date.UTC(2000, 0, 1);
const YEAR_9998_END = Date.UTC(9998, 11, 31, 23, 59, 59);

describe('date reader', () => {
	it('any value: a date Amazon can take, or a clear error naming the field', () => {
		const anyValue = fc.oneof(
			fc.anything(),
			fc.string(),
			fc.string({ unit: 'binary' }),
			dateLikeText,
			fc.double(),
			fc.integer(),
			fc.date({ noInvalidDate: false }),
		);
		fc.assert(
			fc.property(anyValue, fc.constantFrom(undefined, 'UTC', 'Europe/Berlin', 'America/New_York', 'Not/AZone'), (value, timeZone) => {
				const compact = answersOrExplains(() => toAmazonDate(value, { field, timeZone }), field);
				if (compact !== undefined) expect(compact).toMatch(/^\d{8}T\d{6}Z$/);
			}),
			runs(20_000),
		);
	});

	it('every instant reads back to itself in each accepted form', () => {
		const instant = fc.integer({ min: YEAR_2000, max: YEAR_9998_END }).map((ms) => Math.floor(ms / 1000) * 1000);
		fc.assert(
			fc.property(instant, fc.integer({ min: -14 * 60, max: 14 * 60 }), (ms, offsetMinutes) => {
				const date = new Date(ms);
				const iso = date.toISOString().replace('.000', '');
				const compact = iso.replace(/[-:]/g, '');
				const shifted = new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 19);
				const sign = offsetMinutes < 0 ? '-' : '+';
				const abs = Math.abs(offsetMinutes);
				const offset = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;

				for (const text of [iso, compact, `${shifted}${offset}`, iso.replace(/:/g, '-').replace(/^(\d{4})-(\d{2})-(\d{2})/, '$1-$2-$3')]) {
					expect(readDate(text, { field }).getTime()).toBe(ms);
				}
				expect(readDate(date, { field }).getTime()).toBe(ms);
				// As a number, Unix milliseconds count from September 2001 (1e12) on.
				if (ms >= 1e12) expect(readDate(ms, { field }).getTime()).toBe(ms);
				expect(toAmazonDate(iso, { field })).toBe(compact);
			}),
			runs(5_000),
		);
	});

	it('a four-digit year is that year, not one of the 1900s', () => {
		const error = () => readDate('0001-01-01T00:00:00Z', { field });
		expect(error).toThrow(AmazonPayInputError);
		expect(error).toThrow('The Start Time "0001-01-01T00:00:00Z" is outside the years 1970 to 9999.');
		expect(() => readDate(new Date('+010000-01-01T00:00:00Z'), { field })).toThrow(/outside the years 1970 to 9999/);
		expect(readDate('9999-12-31T23:59:59Z', { field }).toISOString()).toBe('9999-12-31T23:59:59.000Z');
	});
});

describe('private key reader', () => {
	const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
	const pkcs8 = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
	const pkcs1 = privateKey.export({ type: 'pkcs1', format: 'pem' }) as string;
	const publicDer = publicKey.export({ type: 'spki', format: 'der' });
	const body = (pem: string) => pem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '');

	const certificate = '-----BEGIN CERTIFICATE-----\nMIIBgzCCASmgAwIBAgIUPnt3S9ll3aS8\n-----END CERTIFICATE-----';

	/**
	 * The ways a pasted key arrives: re-wrapped, CRLF, escaped line breaks, one line, no armour,
	 * base64url, a label that names the other format, invisible characters slipped in, Unicode
	 * spaces for plain ones, the certificate or the same key again beside it.
	 */
	const pastedForm = fc
		.record({
			pem: fc.constantFrom(pkcs8, pkcs1),
			width: fc.integer({ min: 16, max: 200 }),
			lineBreak: fc.constantFrom('\n', '\r\n', '\\n', ' ', '\r'),
			armour: fc.boolean(),
			quotes: fc.constantFrom('', '"', "'"),
			padding: fc.constantFrom('', ' ', '\n', '\t \n'),
			alphabet: fc.constantFrom('base64', 'base64url'),
			swapLabel: fc.boolean(),
			invisible: fc.constantFrom('', '\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF'),
			invisibleEvery: fc.integer({ min: 1, max: 300 }),
			spaces: fc.constantFrom(' ', '\u00A0', '\u202F'),
			company: fc.constantFrom('none', 'certificateBefore', 'certificateAfter', 'sameKeyAgain'),
		})
		.map(({ pem, width, lineBreak, armour, quotes, padding, alphabet, swapLabel, invisible, invisibleEvery, spaces, company }) => {
			const ownLabel = /-----BEGIN ([A-Z ]+)-----/.exec(pem)![1];
			const label = swapLabel ? (ownLabel === 'PRIVATE KEY' ? 'RSA PRIVATE KEY' : 'PRIVATE KEY') : ownLabel;
			const base64 = alphabet === 'base64' ? body(pem) : body(pem).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
			const lines = base64.match(new RegExp(`.{1,${width}}`, 'g'))!;
			let text = armour ? [`-----BEGIN ${label}-----`, ...lines, `-----END ${label}-----`].join(lineBreak) : lines.join(lineBreak);
			if (armour && company === 'certificateBefore') text = `${certificate}${lineBreak}${text}`;
			if (armour && company === 'certificateAfter') text = `${text}${lineBreak}${certificate}`;
			if (armour && company === 'sameKeyAgain') text = `${text}${lineBreak}${pem === pkcs8 ? pkcs1 : pkcs8}`;
			text = text.replace(/ /g, spaces);
			if (invisible) text = text.replace(new RegExp(`([^]{${invisibleEvery}})`, 'g'), `$1${invisible}`);
			return `${padding}${quotes}${text}${quotes}${padding}`;
		});

	it('reads every pasted form of a good key as that key', () => {
		fc.assert(
			fc.property(pastedForm, (text) => {
				const key = readPrivateKey(text);
				expect(createPublicKey(key).export({ type: 'spki', format: 'der' })).toEqual(publicDer);
			}),
			runs(300),
		);
	});

	it('damaged keys and any other text: the key, or a clear error about the Private Key', () => {
		const damaged = fc
			.tuple(pastedForm, fc.nat(), fc.nat(), fc.string({ maxLength: 8 }), fc.constantFrom('cut', 'replace', 'insert', 'drop'))
			.map(([text, at, length, insert, how]) => {
				const position = at % (text.length + 1);
				switch (how) {
					case 'cut':
						return text.slice(0, position);
					case 'replace':
						return text.slice(0, position) + insert + text.slice(position + insert.length);
					case 'insert':
						return text.slice(0, position) + insert + text.slice(position);
					default:
						return text.slice(0, position) + text.slice(position + (length % 64));
				}
			});
		const anyText = fc.oneof(
			damaged,
			fc.string(),
			fc.string({ unit: 'binary' }),
			fc.base64String({ minLength: 100, maxLength: 3000 }),
			fc.constantFrom('', '-----BEGIN PRIVATE KEY-----', '-----END PRIVATE KEY-----', '\\n\\n', '""', 'MII'),
		);
		fc.assert(
			fc.property(anyText, (text) => {
				const key = answersOrExplains(() => readPrivateKey(text), 'Private Key');
				if (key !== undefined) expect(key.asymmetricKeyType).toBe('rsa');
			}),
			runs(1_500),
		);
	});

	it('answers at once, not after a long regular-expression search, on long pasted text', () => {
		for (const text of [
			'-----BEGIN '.repeat(20_000),
			'A'.repeat(200_000),
			' \n'.repeat(100_000),
			'-----BEGIN RSA PRIVATE KEY-----' + 'Proc-Type: x\n'.repeat(10_000),
			'-----BEGIN A-----'.repeat(12_000),
			'-----BEGIN PRIVATE KEY-----\nMII\n'.repeat(5_000),
			'-----END '.repeat(20_000),
			'\u200B'.repeat(200_000),
		]) {
			const startedAt = process.hrtime.bigint();
			answersOrExplains(() => readPrivateKey(text), 'Private Key');
			// Generous: a linear read of this text takes milliseconds; a runaway pattern takes minutes.
			expect(Number(process.hrtime.bigint() - startedAt) / 1e9).toBeLessThan(5);
		}
	});
});

describe('public key ID reader', () => {
	const idCharacters = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-');
	const validId = fc.string({ unit: idCharacters, minLength: 1, maxLength: 40 });

	it('any text: an ID of letters, digits and dashes only, or a clear error about the field', () => {
		const anyText = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.anything(), validId.map((id) => `"${id}", Signature=x`));
		fc.assert(
			fc.property(anyText, (value) => {
				const publicKeyId = answersOrExplains(() => readPublicKeyId(value), 'Public Key ID');
				if (publicKeyId !== undefined) expect(publicKeyId).toMatch(/^[A-Za-z0-9-]+$/);
			}),
			runs(10_000),
		);
	});

	it('every valid ID reads as itself, however it is quoted and padded', () => {
		fc.assert(
			fc.property(validId, fc.constantFrom('', '"', "'"), fc.constantFrom('', ' ', '\n', '\uFEFF', '\u200B'), (id, quote, padding) => {
				expect(readPublicKeyId(`${padding}${quote}${id}${quote}${padding}`)).toBe(id);
			}),
			runs(5_000),
		);
	});
});

describe('query encoder', () => {
	const UNRESERVED = /[A-Za-z0-9\-._~]/;
	/** RFC 3986 written plainly from UTF-8 bytes, to compare against. */
	function referenceEncode(value: string): string {
		let out = '';
		for (const byte of Buffer.from(value, 'utf8')) {
			const character = String.fromCharCode(byte);
			out += byte < 0x80 && UNRESERVED.test(character) ? character : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
		}
		return out;
	}
	// Any UTF-16 code unit, lone surrogates included: n8n expressions can produce them.
	const anyCodeUnits = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)) });
	const anyText = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), anyCodeUnits);

	it('encodes any text as the UTF-8 bytes a client sends, only unreserved characters raw', () => {
		fc.assert(
			fc.property(anyText, (value) => {
				const encoded = encodeRfc3986(value);
				expect(encoded).toBe(referenceEncode(value));
				expect(encoded).toMatch(/^(?:[A-Za-z0-9\-._~]|%[0-9A-F]{2})*$/);
			}),
			runs(20_000),
		);
	});

	const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
	/** Splits a query into its raw `name=value` pairs; fails the test on a pair without `=`. */
	const pairsOf = (query: string) => {
		const pairs = query === '' ? [] : query.split('&').map((pair) => pair.split('='));
		expect(pairs.every((pair) => pair.length === 2)).toBe(true);
		return pairs;
	};

	it('builds a canonical query that reads back to the parameters, sorted, empties left out', () => {
		const scalar = fc.oneof(anyText, fc.integer(), fc.boolean(), fc.constant(''));
		const query = fc.dictionary(anyText, fc.oneof(scalar, fc.constant(undefined), fc.array(scalar, { maxLength: 4 })), { maxKeys: 8 });
		fc.assert(
			fc.property(query, (parameters) => {
				const pairs = pairsOf(getCanonicalQuery(parameters));
				const expected = Object.entries(parameters)
					.flatMap(([name, value]) => (Array.isArray(value) ? value : [value]).map((one) => [name, one] as const))
					.filter(([, value]) => value !== undefined && value !== '')
					.map(([name, value]) => `${referenceEncode(name)}=${referenceEncode(String(value))}`);
				// Every value of a repeated parameter is there, as often as it was given.
				expect(pairs.map((pair) => pair.join('=')).sort(byText)).toEqual(expected.sort(byText));
				// Sorted by name, then by value.
				const order = pairs.map(([name, value]) => [name, value]);
				expect(order).toEqual([...order].sort(([nameA, valueA], [nameB, valueB]) => byText(nameA, nameB) || byText(valueA, valueB)));
			}),
			runs(5_000),
		);
	});

	it('signs a URL query with every pair it holds, a raw + as a plus, and sends what it signed', () => {
		const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
		const credentials = { publicKeyId: 'SANDBOX-AEDKJ4RWBO3IXXD5MNEO7GEZ', privateKey, region: 'na' };
		const text = fc.oneof(fc.string({ minLength: 1 }), fc.string({ unit: 'grapheme', minLength: 1 }), fc.constantFrom('+', 'a+b', 'eyJh+b/c==', '%', 'a b'));
		const pair = fc.tuple(fc.oneof(text, fc.constantFrom('reportTypes', 'nextToken')), text);
		// As a user or another tool writes a query into a URL: a + may stay raw, hex may be lower case.
		const written = (value: string, rawPlus: boolean, lowerHex: boolean) => {
			const encoded = encodeRfc3986(value).replace(/%2B/g, rawPlus ? '+' : '%2B');
			return lowerHex ? encoded.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase()) : encoded;
		};
		fc.assert(
			fc.property(fc.array(pair, { minLength: 1, maxLength: 6 }), fc.boolean(), fc.boolean(), (pairs, rawPlus, lowerHex) => {
				const search = pairs.map(([name, value]) => `${written(name, rawPlus, lowerHex)}=${written(value, rawPlus, lowerHex)}`).join('&');
				const signed = signOutgoingRequest<OutgoingRequest>(credentials, { uri: `https://pay-api.amazon.com/v2/reports?${search}` }, new Date('2024-08-04T12:00:00Z'));
				const sent = signed.url!.slice(signed.url!.indexOf('?') + 1);
				expect(sent).toBe(serverCanonicalQuery(sent));
				const received = pairsOf(sent).map(([name, value]) => `${decodeURIComponent(name)}=${decodeURIComponent(value)}`);
				expect(received.sort(byText)).toEqual(pairs.map(([name, value]) => `${name}=${value}`).sort(byText));
			}),
			runs(500),
		);
	});
});

describe('flat-file reader', () => {
	const reportTypes = [
		'_GET_FLAT_FILE_OFFAMAZONPAYMENTS_SETTLEMENT_DATA_',
		'_GET_FLAT_FILE_OFFAMAZONPAYMENTS_ORDER_REFERENCE_DATA_',
		'_GET_FLAT_FILE_OFFAMAZONPAYMENTS_MULTICURRENCY_DATA_',
	];
	const csvish = fc.string({ unit: fc.constantFrom(',', '"', '\r', '\n', 'a', '=', ':', '\t', 'é', '\ufeff', '<', 'Settlement', 'TotalAmount') , maxLength: 400 });
	const bytes = fc.uint8Array({ maxLength: 600 });

	it('any bytes or text, in any pieces: rows, or a clear error about the document', () => {
		fc.assert(
			fc.property(fc.oneof(csvish.map((text) => Buffer.from(text, 'utf8')), bytes), fc.constantFrom(...reportTypes), fc.constantFrom('eachRow', 'separateItem', 'omit'), (document, reportType, settlementFacts) => {
				const checked = answersOrExplains(() => {
					assertFlatFileDocument(document.subarray(0, 512));
					return true;
				}, 'Report Document');
				const content = answersOrExplains(() => readFlatFile(document, reportType, { settlementFacts: settlementFacts as 'omit' }), 'Report Document');
				if (checked && content) {
					for (const row of content.rows) {
						for (const value of Object.values(row)) expect(typeof value).toBe('string');
					}
				}
			}),
			runs(10_000),
		);
	});
});
