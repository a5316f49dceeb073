import { getApiBaseUrl, normaliseRegion, readPublicKeyId, type Environment } from './endpoints';
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
} from './signing';
import type { QueryScalar, QueryValue } from './signing/encoding';

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
	const publicKeyId = readPublicKeyId(credentials.publicKeyId);
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

// The query may come in the URL (HTTP Request node, or a request signed before) and in `qs`;
// like n8n's own client, send the parameters of both, every value of a repeated one included.
function collectQuery(
	target: URL,
	qs: Record<string, unknown> | undefined,
): Record<string, QueryValue> {
	const query = new Map<string, QueryScalar[]>();
	const add = (name: string, value: QueryScalar) => {
		const values = query.get(name);
		if (values) values.push(value);
		else query.set(name, [value]);
	};

	for (const [name, value] of readUrlQuery(target.search)) add(name, value);
	for (const [name, value] of Object.entries(qs ?? {})) {
		if (value === undefined || value === null) continue;
		// n8n's client joins an array in `qs` with commas, and Amazon reads comma lists.
		add(
			name,
			Array.isArray(value)
				? value.map((item) => readQsValue(name, item ?? '')).join(',')
				: readQsValue(name, value),
		);
	}
	// fromEntries, not assignment: a parameter may be named __proto__.
	return Object.fromEntries(query);
}

/**
 * The pairs of a URL's query, in order, repeated names kept. Per RFC 3986 only percent escapes
 * are decoded: a `+` is a plus (a base64 nextToken holds them), not the space of HTML forms.
 */
function readUrlQuery(search: string): Array<[string, string]> {
	return search
		.replace(/^\?/, '')
		.split('&')
		.filter((pair) => pair !== '')
		.map((pair) => {
			const equals = pair.indexOf('=');
			return equals === -1
				? [percentDecode(pair), '']
				: [percentDecode(pair.slice(0, equals)), percentDecode(pair.slice(equals + 1))];
		});
}

// Lenient like URLSearchParams: a `%` that starts no escape stays as it is, and bytes that are not
// UTF-8 become U+FFFD.
function percentDecode(text: string): string {
	if (!text.includes('%')) return text;
	const bytes: number[] = [];
	for (let index = 0; index < text.length; index++) {
		const escape = text.slice(index + 1, index + 3);
		if (text[index] === '%' && /^[0-9A-Fa-f]{2}$/.test(escape)) {
			bytes.push(parseInt(escape, 16));
			index += 2;
		} else {
			bytes.push(...Buffer.from(text[index], 'utf8'));
		}
	}
	return Buffer.from(bytes).toString('utf8');
}

function readQsValue(name: string, value: unknown): QueryScalar {
	if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
		return value;
	}
	if (typeof value === 'bigint') return String(value);
	const kind = value !== null && typeof value === 'object' ? 'an object' : `a ${typeof value}`;
	throw new AmazonPayInputError(
		'Query Parameters',
		`The query parameter "${name}" is ${kind}; Amazon Pay takes text, numbers and ` +
			'comma-separated lists.',
		'Give each parameter a text value, or a comma-separated list for several values, e.g. ' +
			'processingStatuses = COMPLETED,IN_PROGRESS.',
	);
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
