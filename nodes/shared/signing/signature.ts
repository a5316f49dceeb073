import { constants, sign, type KeyObject } from 'node:crypto';

import { SIGNATURE_ALGORITHMS, type SignatureAlgorithm } from './constants';

/** RSASSA-PSS with SHA-256 and MGF1-SHA-256; the salt length follows the algorithm name. */
export function getSignature(
	stringToSign: string,
	privateKey: KeyObject,
	algorithm: SignatureAlgorithm,
): string {
	return sign('sha256', Buffer.from(stringToSign, 'utf8'), {
		key: privateKey,
		padding: constants.RSA_PKCS1_PSS_PADDING,
		saltLength: SIGNATURE_ALGORITHMS[algorithm].saltLength,
	}).toString('base64');
}

export function getAuthorizationHeader(input: {
	algorithm: SignatureAlgorithm;
	publicKeyId: string;
	signedHeaderNames: string[];
	signature: string;
}): string {
	return (
		`${input.algorithm} PublicKeyId=${input.publicKeyId}, ` +
		`SignedHeaders=${input.signedHeaderNames.join(';')}, Signature=${input.signature}`
	);
}
