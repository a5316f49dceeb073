import { getApiBaseUrl, normaliseRegion, type Environment } from './endpoints';
import { AmazonPayInputError } from './errors';
import {
	DEFAULT_ALGORITHM,
	HEADER_AUTHORIZATION,
	HEADER_DATE,
	HEADER_HOST,
	HEADER_IDEMPOTENCY_KEY,
	HEADER_REGION,
	isSignatureAlgorithm,
	signRequest,
	type QueryValue,
} from './signing';

/** The values of an `amazonPayApi` credential, as n8n hands them over. */
export interface AmazonPayCredentialValues {
	publicKeyId?: unknown;
	privateKey?: unknown;
	region?: unknown;
	environment?: unknown;
	algorithm?: unknown;
	baseUrl?: unknown;
}

/**
 * The parts of a request that signing reads and rewrites. n8n hands these over in three shapes:
 * its HTTP helper (`url` relative, `qs` and an object body), the HTTP Request node (`uri`
 * absolute, object body) and the credential test (`url` relative, no body).
 */
export interface OutgoingRequest {
	method?: string;
	url?: string;
	uri?: string;
	baseURL?: string;
	qs?: Record<string, unknown>;
	body?: unknown;
	headers?: Record<string, unknown>;
}

// Headers this signer owns: left over from an earlier signing (n8n signs again on a 401 retry),
// they are replaced rather than signed twice.
const OWNED_HEADERS = new Set([
	'accept',
	'content-type',
	HEADER_AUTHORIZATION,
	HEADER_DATE,
	HEADER_HOST,
	HEADER_REGION,
	HEADER_IDEMPOTENCY_KEY,
]);

const METHODS_WITHOUT_BODY = new Set(['GET', 'HEAD', 'DELETE']);

/**
 * Signs a request for Amazon Pay, returning the fields to replace: an absolute URL carrying the
 * exact query that was signed, the exact body string, and the signed headers. Calling it again
 * on its own output signs afresh.
 */
export function signOutgoingRequest<T extends OutgoingRequest>(
	credentials: AmazonPayCredentialValues,
	request: T,
	now: Date = new Date(),
): T {
	const publicKeyId = String(credentials.publicKeyId ?? '').trim();
	if (publicKeyId === '') {
		throw new AmazonPayInputError(
			'Public Key ID',
			'The Public Key ID is empty.',
			'Copy it from Seller Central, Integration > Integration Central, e.g. SANDBOX-AEDKJ4RWBO3IXXD5MNEO7GEZ.',
		);
	}
	const algorithm = credentials.algorithm ?? DEFAULT_ALGORITHM;
	if (!isSignatureAlgorithm(algorithm)) {
		throw new AmazonPayInputError(
			'Signature Algorithm',
			`The Signature Algorithm "${String(algorithm)}" is not one Amazon Pay knows.`,
			`Use ${DEFAULT_ALGORITHM} for keys made since 2023, AMZN-PAY-RSASSA-PSS for older ones.`,
		);
	}
	const region = normaliseRegion(credentials.region ?? 'na');
	const method = (request.method ?? 'GET').toUpperCase();

	const target = new URL(
		resolveUrl(request, () =>
			getApiBaseUrl({
				publicKeyId,
				region,
				environment: readEnvironment(credentials.environment),
				baseUrlOverride: typeof credentials.baseUrl === 'string' ? credentials.baseUrl : undefined,
			}),
		),
	);
	const query = collectQuery(target, request.qs);
	const body = serialiseBody(method, request.body);
	const { passthrough, idempotencyKey } = splitHeaders(request.headers);

	const signed = signRequest({
		method,
		url: `${target.origin}${target.pathname}`,
		query,
		body,
		headers: idempotencyKey ? { [HEADER_IDEMPOTENCY_KEY]: idempotencyKey } : {},
		publicKeyId,
		privateKey: String(credentials.privateKey ?? ''),
		algorithm,
		region,
		now,
	});

	const result: T = {
		...request,
		method,
		url: signed.url,
		baseURL: undefined,
		qs: undefined,
		body: body === '' ? undefined : body,
		headers: { ...passthrough, ...signed.headers },
	};
	if (request.uri !== undefined) result.uri = signed.url;
	return result;
}

function readEnvironment(value: unknown): Environment {
	return value === 'live' ? 'live' : 'sandbox';
}

function resolveUrl(request: OutgoingRequest, apiBaseUrl: () => string): string {
	const given = request.uri ?? request.url ?? '';
	if (/^https?:\/\//i.test(given)) return given;

	const base = request.baseURL?.trim() ? request.baseURL.replace(/\/+$/, '') : apiBaseUrl();
	return `${base}/${given.replace(/^\/+/, '')}`;
}

// The query may come in the URL (HTTP Request node, or a request signed before) and in `qs`.
function collectQuery(
	target: URL,
	qs: Record<string, unknown> | undefined,
): Record<string, QueryValue | undefined> {
	const query: Record<string, QueryValue | undefined> = {};
	target.searchParams.forEach((value, name) => {
		query[name] = value;
	});
	for (const [name, value] of Object.entries(qs ?? {})) {
		if (value === undefined || value === null) continue;
		query[name] = Array.isArray(value) ? value.join(',') : (value as QueryValue);
	}
	return query;
}

function serialiseBody(method: string, body: unknown): string {
	if (METHODS_WITHOUT_BODY.has(method) || body === undefined || body === null) return '';
	if (typeof body === 'string') return body;
	if (Buffer.isBuffer(body)) return body.toString('utf8');
	if (typeof body === 'object' && Object.keys(body).length === 0) return '';
	return JSON.stringify(body);
}

function splitHeaders(headers: Record<string, unknown> | undefined): {
	passthrough: Record<string, unknown>;
	idempotencyKey?: string;
} {
	const passthrough: Record<string, unknown> = {};
	let idempotencyKey: string | undefined;
	for (const [name, value] of Object.entries(headers ?? {})) {
		const lowerName = name.toLowerCase();
		if (lowerName === HEADER_IDEMPOTENCY_KEY && value) idempotencyKey = String(value);
		if (!OWNED_HEADERS.has(lowerName)) passthrough[name] = value;
	}
	return { passthrough, idempotencyKey };
}
