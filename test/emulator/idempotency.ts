// Idempotency keys are kept per merchant key for good, as Amazon keeps them: the same key
// with the same body replays the first answer; with another body it is refused.

import { createHash } from 'node:crypto';

import { badRequest } from './errors';

export interface StoredResponse {
	status: number;
	body: unknown;
}

interface IdempotentCall {
	bodyHash: string;
	response: StoredResponse;
}

export class IdempotencyStore {
	private readonly callsByKey = new Map<string, IdempotentCall>();

	/** The first answer given to this key and body, or undefined for a key not seen yet. */
	replay(publicKeyId: string, idempotencyKey: string, body: Buffer): StoredResponse | undefined {
		const call = this.callsByKey.get(storeKey(publicKeyId, idempotencyKey));
		if (!call) return undefined;

		if (call.bodyHash !== hashBody(body)) {
			throw badRequest(
				'DuplicateIdempotencyKey',
				`The idempotency key '${idempotencyKey}' was already used with a different request ` +
					'body. Use a new key for a new request.',
			);
		}
		return call.response;
	}

	remember(publicKeyId: string, idempotencyKey: string, body: Buffer, response: StoredResponse) {
		this.callsByKey.set(storeKey(publicKeyId, idempotencyKey), {
			bodyHash: hashBody(body),
			response,
		});
	}

	clear(): void {
		this.callsByKey.clear();
	}
}

function storeKey(publicKeyId: string, idempotencyKey: string): string {
	return `${publicKeyId}\n${idempotencyKey}`;
}

function hashBody(body: Buffer): string {
	return createHash('sha256').update(body).digest('hex');
}
