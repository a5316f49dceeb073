// A token bucket per public key ID, the way Amazon throttles merchants: `burst` requests at
// once, refilled at `ratePerSecond` on the emulator's clock, so a test can wait by advancing it.

export interface ThrottleSettings {
	/** Tokens added per second of the emulator's clock; 0 never refills. */
	ratePerSecond: number;
	/** Bucket size, and how many requests pass at once after a quiet spell. */
	burst: number;
	/** Sent as Retry-After with each 429; Amazon sends none, so neither does the default. */
	retryAfterSeconds?: number;
}

interface Bucket {
	tokens: number;
	updatedAt: number;
}

export class Throttle {
	private settings: ThrottleSettings | null = null;
	private readonly buckets = new Map<string, Bucket>();

	set(settings: ThrottleSettings | null): void {
		if (settings !== null) checkSettings(settings);
		this.settings = settings === null ? null : { ...settings };
		this.buckets.clear();
	}

	current(): ThrottleSettings | null {
		return this.settings === null ? null : { ...this.settings };
	}

	/** Takes a token for this key; false when the request is to be throttled. */
	take(publicKeyId: string, now: number): boolean {
		if (this.settings === null) return true;
		const { ratePerSecond, burst } = this.settings;

		const bucket = this.buckets.get(publicKeyId) ?? { tokens: burst, updatedAt: now };
		// A clock moved back (a skew test) refills nothing and restarts the bucket's time.
		const elapsedMs = Math.max(0, now - bucket.updatedAt);
		bucket.tokens = Math.min(burst, bucket.tokens + (elapsedMs * ratePerSecond) / 1000);
		bucket.updatedAt = now;
		this.buckets.set(publicKeyId, bucket);

		if (bucket.tokens < 1) return false;
		bucket.tokens -= 1;
		return true;
	}
}

function checkSettings(settings: ThrottleSettings): void {
	const { ratePerSecond, burst, retryAfterSeconds } = settings;
	if (!(typeof ratePerSecond === 'number' && Number.isFinite(ratePerSecond) && ratePerSecond >= 0)) {
		throw new Error('ratePerSecond must be a number, 0 or more');
	}
	if (!(Number.isInteger(burst) && burst >= 0)) {
		throw new Error('burst must be a whole number, 0 or more');
	}
	if (retryAfterSeconds !== undefined && !(Number.isInteger(retryAfterSeconds) && retryAfterSeconds >= 0)) {
		throw new Error('retryAfterSeconds must be a whole number of seconds');
	}
}
