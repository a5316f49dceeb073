/**
 * Spaces Amazon Pay calls after throttling, so that a run of many items settles at the rate
 * Amazon allows instead of meeting a 429 on every other call and using up its attempts.
 * Additive-increase/multiplicative-decrease on the gap between calls: each 429 doubles the gap,
 * each answer that is not a 429 shrinks it by a tenth, down to none.
 */
export class ThrottlePacer {
	private gapMs = 0;
	private lastCallAt = Number.NEGATIVE_INFINITY;

	constructor(
		private readonly firstGapMs = 100,
		private readonly longestGapMs = 5_000,
	) {}

	/** Milliseconds to wait before the next call may go out, at `now`. */
	waitBeforeCall(now: number): number {
		if (this.gapMs === 0) return 0;
		return Math.max(0, this.lastCallAt + this.gapMs - now);
	}

	/** Records that a call went out at `now`. */
	calledAt(now: number): void {
		this.lastCallAt = now;
	}

	/** Records how the call was answered: throttled or not. */
	answered(throttled: boolean): void {
		if (throttled) {
			this.gapMs = Math.min(this.longestGapMs, Math.max(this.firstGapMs, this.gapMs * 2));
		} else {
			this.gapMs = this.gapMs * 0.9 < 10 ? 0 : this.gapMs * 0.9;
		}
	}

	get currentGapMs(): number {
		return this.gapMs;
	}
}

/** One pacer per key (an execution's node), keeping only the most recent few. */
export class PacerRegistry {
	private readonly pacers = new Map<string, ThrottlePacer>();

	constructor(private readonly limit = 64) {}

	get(key: string): ThrottlePacer {
		let pacer = this.pacers.get(key);
		if (pacer) {
			this.pacers.delete(key);
		} else {
			pacer = new ThrottlePacer();
			if (this.pacers.size >= this.limit) this.pacers.delete(this.pacers.keys().next().value as string);
		}
		this.pacers.set(key, pacer);
		return pacer;
	}
}
