export * from './constants';
export { encodeRfc3986, getCanonicalQuery, type QueryValue } from './encoding';
export { getCanonicalRequest, getCanonicalHeaders, getPayloadHash } from './canonicalRequest';
export { getStringToSign } from './stringToSign';
export { getSignature, getAuthorizationHeader } from './signature';
export { readPrivateKey } from './privateKey';
export { toAmzPayDate, toCompactUtc } from './amzDate';
export { signRequest, type SignRequestInput, type SignedRequest } from './signRequest';
