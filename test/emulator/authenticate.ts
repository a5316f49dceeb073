// The checks Amazon makes before any operation runs, in the order a client meets them.

import {
	IDEMPOTENCY_HEADER,
	IDEMPOTENCY_KEY_PATTERN,
	REGION_ALIASES,
	REQUIRED_SIGNED_HEADERS,
	type Environment,
} from './constants';
import { formatAmazonTime, parseAmazonTime } from './dates';
import { badRequest, unauthorized } from './errors';
import { environmentOfKeyId, type EmulatorKey, type KeyStore } from './keys';
import { headerValue, type ReceivedRequest } from './request';
import {
	getCanonicalRequest,
	getStringToSign,
	isSignatureValid,
	parseAuthorization,
} from './signature';

export interface AuthenticationContext {
	keys: KeyStore;
	now: number;
	maxFutureSkewMs: number;
	maxDateAgeMs: number;
	/** The /live or /sandbox path segment, when the path has one. */
	pathEnvironment?: Environment;
}

export function authenticate(
	request: ReceivedRequest,
	context: AuthenticationContext,
): EmulatorKey {
	const authorizationHeader = headerValue(request, 'authorization');
	if (!authorizationHeader) {
		throw badRequest('MissingHeader', "The 'authorization' header is missing.");
	}
	const authorization = parseAuthorization(authorizationHeader);

	checkSignedHeaders(request, authorization.signedHeaders);

	const key = context.keys.find(authorization.publicKeyId);
	if (!key) {
		throw unauthorized(
			'UnauthorizedAccess',
			`Unknown public key ID '${authorization.publicKeyId}'. Check the public key ID from ` +
				'Seller Central (Integration > Integration Central).',
		);
	}

	checkRegion(request, key);
	checkEnvironment(authorization.publicKeyId, key, context.pathEnvironment);
	checkDate(request, context);

	const canonicalRequest = getCanonicalRequest(request, authorization.signedHeaders);
	const stringToSign = getStringToSign(authorization.algorithm, canonicalRequest);
	const valid = isSignatureValid({
		algorithm: authorization.algorithm,
		stringToSign,
		signature: authorization.signature,
		publicKey: key.keyObject,
	});
	if (!valid) {
		throw unauthorized(
			'InvalidRequestSignature',
			'The signature in the authorization header does not match the request. ' +
				`The String-to-Sign should have been "${stringToSign}" and the canonical request ` +
				`"${canonicalRequest}". Check that the private key belongs to public key ID ` +
				`'${key.publicKeyId}' and that the algorithm name matches its salt length.`,
		);
	}

	return key;
}

function checkSignedHeaders(request: ReceivedRequest, signedHeaders: string[]): void {
	// A signed header that went missing on the way (a proxy dropping content-type on a GET)
	// breaks the signature: Amazon cannot rebuild what was signed.
	for (const name of signedHeaders) {
		if (!request.headers.has(name)) {
			throw unauthorized(
				'InvalidRequestSignature',
				`The signed header '${name}' is not in the request, so the signature cannot match.`,
			);
		}
	}

	const required: string[] = [...REQUIRED_SIGNED_HEADERS];
	if (request.headers.has(IDEMPOTENCY_HEADER)) required.push(IDEMPOTENCY_HEADER);

	for (const name of required) {
		if (!request.headers.has(name)) {
			throw badRequest('MissingHeader', `The '${name}' header is missing.`);
		}
		if (!signedHeaders.includes(name)) {
			throw unauthorized(
				'InvalidRequestSignature',
				`The header '${name}' must be signed: add it to SignedHeaders.`,
			);
		}
	}

	const idempotencyKey = headerValue(request, IDEMPOTENCY_HEADER);
	if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY_PATTERN.test(idempotencyKey)) {
		throw badRequest(
			'InvalidHeaderValue',
			`The '${IDEMPOTENCY_HEADER}' header must be 1 to 32 characters of A-Z, a-z, 0-9, ` +
				`'-' and '_'; got ${idempotencyKey.length} characters.`,
		);
	}
}

// The key is registered in one region only; another region's service does not know it, so
// the signature cannot be verified there.
function checkRegion(request: ReceivedRequest, key: EmulatorKey): void {
	const regionHeader = headerValue(request, 'x-amz-pay-region') ?? '';
	const region = REGION_ALIASES[regionHeader.toLowerCase()];
	if (region !== key.region) {
		throw unauthorized(
			'InvalidRequestSignature',
			`The public key ID '${key.publicKeyId}' is not known in region '${regionHeader}', so ` +
				'the signature cannot be verified. Use the region the key was registered in.',
		);
	}
}

function checkEnvironment(
	publicKeyId: string,
	key: EmulatorKey,
	pathEnvironment: Environment | undefined,
): void {
	const keyIdEnvironment = environmentOfKeyId(publicKeyId);
	const requested = pathEnvironment ?? keyIdEnvironment;
	if (requested === undefined) {
		throw badRequest(
			'InvalidRequest',
			'The path has no /live or /sandbox segment. It can only be left out when the public ' +
				'key ID starts with LIVE or SANDBOX.',
		);
	}

	const mismatch = [pathEnvironment, keyIdEnvironment].find(
		(environment) => environment !== undefined && environment !== key.environment,
	);
	if (mismatch) {
		throw unauthorized(
			'UnauthorizedAccess',
			`The public key ID '${key.publicKeyId}' belongs to the ${key.environment} environment, ` +
				`but the request was sent to ${mismatch}.`,
		);
	}
}

function checkDate(request: ReceivedRequest, context: AuthenticationContext): void {
	const dateHeader = headerValue(request, 'x-amz-pay-date') ?? '';
	const sentAt = parseAmazonTime(dateHeader);
	if (sentAt === undefined) {
		throw badRequest(
			'InvalidHeaderValue',
			`The 'x-amz-pay-date' header '${dateHeader}' is not a UTC time like 20240101T000000Z ` +
				'or 2024-01-01T00:00:00Z.',
		);
	}
	if (sentAt - context.now > context.maxFutureSkewMs) {
		throw badRequest('InvalidHeaderValue', 'x-amz-pay-date should not be in future');
	}
	if (context.now - sentAt > context.maxDateAgeMs) {
		throw badRequest(
			'InvalidHeaderValue',
			`x-amz-pay-date ${dateHeader} is too old: the server time is ` +
				`${formatAmazonTime(context.now)}. Check the clock of the calling machine.`,
		);
	}
}
