import { readPrivateKey } from './privateKey';
import { toAmzPayDate } from './amzDate';
import { getCanonicalRequest, getSignedHeaderNames } from './canonicalRequest';
import {
	HEADER_AUTHORIZATION,
	HEADER_DATE,
	HEADER_HOST,
	HEADER_REGION,
	JSON_MEDIA_TYPE,
	type SignatureAlgorithm,
} from './constants';
import { getCanonicalQuery, type QueryValue } from './encoding';
import { getAuthorizationHeader, getSignature } from './signature';
import { getStringToSign } from './stringToSign';

export interface SignRequestInput {
	method: string;
	/** Absolute URL without query, e.g. `https://pay-api.amazon.com/sandbox/v2/reports`. */
	url: string;
	query?: Record<string, QueryValue | undefined>;
	/** The exact body that will be sent; empty for GET and DELETE. */
	body?: string;
	/** Further headers to send and sign, e.g. the idempotency key. */
	headers?: Record<string, string>;
	publicKeyId: string;
	privateKey: string;
	algorithm: SignatureAlgorithm;
	region: string;
	now: Date;
}

export interface SignedRequest {
	/** The URL to send, its query encoded exactly as signed. */
	url: string;
	/** Every header that was signed, plus `authorization`. */
	headers: Record<string, string>;
	canonicalRequest: string;
	stringToSign: string;
}

export function signRequest(input: SignRequestInput): SignedRequest {
	const url = new URL(input.url);
	const canonicalQuery = getCanonicalQuery(input.query);
	const body = input.body ?? '';

	const signedHeaders: Record<string, string> = {
		accept: JSON_MEDIA_TYPE,
		'content-type': JSON_MEDIA_TYPE,
		[HEADER_DATE]: toAmzPayDate(input.now),
		[HEADER_HOST]: url.host,
		[HEADER_REGION]: input.region,
	};
	for (const [name, value] of Object.entries(input.headers ?? {})) {
		signedHeaders[name.toLowerCase()] = value;
	}

	const canonicalRequest = getCanonicalRequest({
		method: input.method,
		path: url.pathname,
		canonicalQuery,
		headers: signedHeaders,
		body,
	});
	const stringToSign = getStringToSign(input.algorithm, canonicalRequest);
	const signature = getSignature(stringToSign, readPrivateKey(input.privateKey), input.algorithm);

	return {
		url: `${url.origin}${url.pathname}${canonicalQuery ? `?${canonicalQuery}` : ''}`,
		headers: {
			...signedHeaders,
			[HEADER_AUTHORIZATION]: getAuthorizationHeader({
				algorithm: input.algorithm,
				publicKeyId: input.publicKeyId.trim(),
				signedHeaderNames: getSignedHeaderNames(signedHeaders),
				signature,
			}),
		},
		canonicalRequest,
		stringToSign,
	};
}
