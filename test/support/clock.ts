import type { Emulator } from '../emulator';

/**
 * Runs `action` as if `ms` had passed: the emulator's clock (Amazon's side) and this process's
 * Date.now (n8n's side) both move on, timers keep running for real.
 */
export async function afterTimePasses<T>(
	emulator: Emulator,
	ms: number,
	action: () => Promise<T>,
): Promise<T> {
	emulator.advanceClock(ms);
	jest.useFakeTimers({
		now: Date.now() + ms,
		doNotFake: ['nextTick', 'setImmediate', 'setTimeout', 'setInterval', 'queueMicrotask'],
	});
	try {
		return await action();
	} finally {
		jest.useRealTimers();
	}
}
