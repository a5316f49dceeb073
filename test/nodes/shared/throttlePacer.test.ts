import { PacerRegistry, ThrottlePacer } from '../../../nodes/shared/throttlePacer';

describe('ThrottlePacer', () => {
	it('lets calls through at once until Amazon throttles', () => {
		const pacer = new ThrottlePacer();
		for (let now = 0; now < 100; now += 10) {
			expect(pacer.waitBeforeCall(now)).toBe(0);
			pacer.calledAt(now);
			pacer.answered(false);
		}
	});

	it('doubles the gap on each 429 up to the cap, then shrinks it on answers until none is left', () => {
		const pacer = new ThrottlePacer(100, 1_000);
		pacer.calledAt(0);
		pacer.answered(true);
		expect(pacer.currentGapMs).toBe(100);
		expect(pacer.waitBeforeCall(30)).toBe(70);
		for (const expected of [200, 400, 800, 1_000, 1_000]) {
			pacer.answered(true);
			expect(pacer.currentGapMs).toBe(expected);
		}
		let answers = 0;
		while (pacer.currentGapMs > 0) {
			pacer.answered(false);
			answers++;
		}
		// 1000 ms shrinks by a tenth per answer below 10 ms in about 44 answers.
		expect(answers).toBeGreaterThan(40);
		expect(answers).toBeLessThan(50);
		expect(pacer.waitBeforeCall(1)).toBe(0);
	});
});

describe('PacerRegistry', () => {
	it('keeps one pacer per key and forgets the least recently used beyond its limit', () => {
		const registry = new PacerRegistry(2);
		const a = registry.get('a');
		expect(registry.get('a')).toBe(a);
		registry.get('b');
		registry.get('a');
		registry.get('c'); // pushes out b, the least recently used
		expect(registry.get('a')).toBe(a);
		const b = registry.get('b');
		b.answered(true);
		expect(registry.get('b').currentGapMs).toBe(100);
	});
});
