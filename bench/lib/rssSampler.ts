// Peak resident memory of this process while one measurement runs. A worker thread samples the
// process-wide RSS every few milliseconds, so a main thread busy parsing is still sampled; the
// kernel's own high-water mark (maxRSS) backs it up when it rose during the measurement.

import { resourceUsage } from 'node:process';
import { Worker } from 'node:worker_threads';

const SAMPLER_SOURCE = `
const { parentPort } = require('node:worker_threads');
let peak = 0;
const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage.rss()); }, 5);
parentPort.on('message', () => {
	clearInterval(timer);
	peak = Math.max(peak, process.memoryUsage.rss());
	parentPort.postMessage(peak);
});
`;

export interface MemoryGrowth {
	baselineBytes: number;
	peakBytes: number;
	growthBytes: number;
}

export class RssSampler {
	private worker: Worker | undefined;
	private baselineBytes = 0;
	private maxRssBefore = 0;

	/** Collects garbage, takes the baseline, then starts sampling. */
	async start(): Promise<void> {
		this.worker = new Worker(SAMPLER_SOURCE, { eval: true });
		await new Promise((resolve) => this.worker?.once('online', resolve));
		for (let i = 0; i < 3; i++) global.gc?.();
		await new Promise((resolve) => setTimeout(resolve, 50));
		this.baselineBytes = process.memoryUsage.rss();
		this.maxRssBefore = resourceUsage().maxRSS * 1024;
	}

	async stop(): Promise<MemoryGrowth> {
		const worker = this.worker;
		if (!worker) throw new Error('the sampler was not started');
		const sampledPeak = await new Promise<number>((resolve) => {
			worker.once('message', resolve);
			worker.postMessage('stop');
		});
		await worker.terminate();

		const maxRssAfter = resourceUsage().maxRSS * 1024;
		const peakBytes = Math.max(
			sampledPeak,
			maxRssAfter > this.maxRssBefore ? maxRssAfter : 0,
			this.baselineBytes,
		);
		return {
			baselineBytes: this.baselineBytes,
			peakBytes,
			growthBytes: peakBytes - this.baselineBytes,
		};
	}
}
