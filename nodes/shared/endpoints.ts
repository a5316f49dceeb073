import { AmazonPayInputError } from './errors';
import { withoutInvisibleCharacters } from './pastedText';

export type Region = 'na' | 'eu' | 'jp';
export type Environment = 'sandbox' | 'live';

// "API endpoints" in the Amazon Pay API v2 docs; the SDKs also take us, de and uk.
const REGION_ALIASES: Record<string, Region> = {
	na: 'na',
	us: 'na',
	eu: 'eu',
	de: 'eu',
	uk: 'eu',
	jp: 'jp',
};

export const API_HOSTS: Record<Region, string> = {
	na: 'pay-api.amazon.com',
	eu: 'pay-api.amazon.eu',
	jp: 'pay-api.amazon.jp',
};

export function normaliseRegion(value: unknown): Region {
	const region = REGION_ALIASES[String(value ?? '').trim().toLowerCase()];
	if (!region) {
		throw new AmazonPayInputError(
			'Region',
			`The Region "${String(value)}" is not an Amazon Pay region.`,
			'Use na (North America), eu (Europe and UK) or jp (Japan).',
		);
	}
	return region;
}

const KEY_ID_HINT =
	'Copy it from Seller Central, Integration > Integration Central: letters, digits and dashes ' +
	'only, e.g. SANDBOX-AEDKJ4RWBO3IXXD5MNEO7GEZ.';
const KEY_ID_SHAPE = /^[A-Za-z0-9-]+$/;
// Pasted from a web page, JSON or a password manager: invisible characters and the quotes
// around a JSON string value are no part of the ID.
const QUOTE_PAIRS = [
	['"', '"'],
	["'", "'"],
	['\u201C', '\u201D'],
	['\u2018', '\u2019'],
];

/**
 * The Public Key ID as it goes into the Authorization header. It is refused unless it is letters,
 * digits and dashes, so that nothing pasted with it can add to or break the header.
 */
export function readPublicKeyId(value: unknown): string {
	if (value !== undefined && value !== null && typeof value !== 'string') {
		throw new AmazonPayInputError('Public Key ID', 'The Public Key ID is not text.', KEY_ID_HINT);
	}
	let publicKeyId = withoutInvisibleCharacters(value ?? '').trim();
	for (const [open, close] of QUOTE_PAIRS) {
		if (publicKeyId.length >= 2 && publicKeyId.startsWith(open) && publicKeyId.endsWith(close)) {
			publicKeyId = publicKeyId.slice(1, -1).trim();
			break;
		}
	}

	if (publicKeyId === '') {
		throw new AmazonPayInputError('Public Key ID', 'The Public Key ID is empty.', KEY_ID_HINT);
	}
	if (!KEY_ID_SHAPE.test(publicKeyId)) {
		throw new AmazonPayInputError('Public Key ID', describeBadKeyId(publicKeyId), KEY_ID_HINT);
	}
	return publicKeyId;
}

// The value itself is not repeated: a private key pasted into the wrong field must not end up in
// an error message.
function describeBadKeyId(publicKeyId: string): string {
	if (publicKeyId.includes('PRIVATE KEY')) {
		return 'The Public Key ID field holds a private key: paste that into the Private Key field.';
	}
	const characters = [...publicKeyId];
	const position = characters.findIndex((character) => !KEY_ID_SHAPE.test(character));
	const found = describeCharacter(characters[position]);
	return (
		`The Public Key ID has ${found} at position ${position + 1}; a Public Key ID is letters, ` +
		'digits and dashes only.'
	);
}

function describeCharacter(character: string): string {
	if (character === ' ') return 'a space';
	if (character === '\t') return 'a tab';
	if (character === '\n' || character === '\r') return 'a line break';

	const hex = (character.codePointAt(0) ?? 0).toString(16).toUpperCase();
	const codePoint = `U+${hex.padStart(4, '0')}`;
	if (/^\p{Z}$/u.test(character)) return `a special space (${codePoint})`;
	return /^[\p{L}\p{N}\p{P}\p{S}]$/u.test(character)
		? `"${character}" (${codePoint})`
		: `an invisible or control character (${codePoint})`;
}

/** Keys created since 2021 carry their environment: `SANDBOX-…` or `LIVE-…`. */
export function environmentFromKeyId(publicKeyId: string): Environment | undefined {
	const upper = publicKeyId.trim().toUpperCase();
	if (upper.startsWith('SANDBOX')) return 'sandbox';
	if (upper.startsWith('LIVE')) return 'live';
	return undefined;
}

export interface EndpointSettings {
	publicKeyId: string;
	region: Region;
	environment: Environment;
	/** Replaces scheme and host only, e.g. an emulator or a proxy: `http://127.0.0.1:8444`. */
	baseUrlOverride?: string;
}

/**
 * Everything before `/v2/…`: `https://pay-api.amazon.com/sandbox`, or no environment segment
 * when the key ID implies it (the service rejects the segment for such keys).
 */
export function getApiBaseUrl(settings: EndpointSettings): string {
	const origin = settings.baseUrlOverride?.trim()
		? readBaseUrlOverride(settings.baseUrlOverride)
		: `https://${API_HOSTS[settings.region]}`;
	const environmentSegment = environmentFromKeyId(settings.publicKeyId)
		? ''
		: `/${settings.environment}`;
	return origin + environmentSegment;
}

function readBaseUrlOverride(value: string): string {
	if (!URL.canParse(value.trim())) {
		throw new AmazonPayInputError(
			'Base URL',
			`The Base URL "${value}" is not a URL.`,
			'Leave it empty for Amazon Pay, or give scheme and host, e.g. http://127.0.0.1:8444.',
		);
	}
	const url = new URL(value.trim());
	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		throw new AmazonPayInputError(
			'Base URL',
			`The Base URL must start with http:// or https://, not ${url.protocol}//.`,
			'For example http://127.0.0.1:8444.',
		);
	}
	return url.origin + url.pathname.replace(/\/+$/, '');
}
