import { AmazonPayInputError } from './errors';

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
