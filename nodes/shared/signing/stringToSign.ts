import { sha256Hex } from './canonicalRequest';
import type { SignatureAlgorithm } from './constants';

export function getStringToSign(algorithm: SignatureAlgorithm, canonicalRequest: string): string {
	return `${algorithm}\n${sha256Hex(canonicalRequest)}`;
}
