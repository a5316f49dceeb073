// A seeded xorshift generator: the same seed always yields the same document, so a test can
// compare what it parsed with what it asked for.

export class SeededRandom {
	private state: number;

	constructor(seed: number) {
		// xorshift never leaves 0, so a zero seed is moved to a fixed odd constant.
		this.state = seed >>> 0 || 0x2545f491;
	}

	/** A number in [0, 1). */
	next(): number {
		let x = this.state;
		x ^= x << 13;
		x >>>= 0;
		x ^= x >>> 17;
		x ^= x << 5;
		x >>>= 0;
		this.state = x;
		return x / 0x1_0000_0000;
	}

	/** A whole number from min to max, both included. */
	int(min: number, max: number): number {
		return min + Math.floor(this.next() * (max - min + 1));
	}

	pick<T>(items: readonly T[]): T {
		return items[Math.floor(this.next() * items.length)];
	}

	/** A string of digits of the given length (up to 15), leading zeros allowed. */
	digits(length: number): string {
		return String(Math.floor(this.next() * 10 ** length)).padStart(length, '0');
	}
}

/** A 32-bit seed from any text, for documents whose seed was not chosen by the test. */
export function seedFromText(text: string): number {
	let hash = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) {
		hash ^= text.charCodeAt(i);
		hash = Math.imul(hash, 0x01000193) >>> 0;
	}
	return hash;
}
