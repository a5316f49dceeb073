// n8n Cloud allows no node:zlib import in community nodes; the web platform's
// DecompressionStream, a global in every Node.js n8n runs on, does the same job.

/** Unpacks a gzip document piece by piece, as its compressed pieces arrive; a damaged one throws. */
export async function* gunzipChunks(packed: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
	const iterator = packed[Symbol.asyncIterator]();
	const source = new ReadableStream<Uint8Array>({
		async pull(controller) {
			const next = await iterator.next();
			if (next.done) controller.close();
			else controller.enqueue(next.value);
		},
		async cancel() {
			await iterator.return?.();
		},
	});
	yield* source.pipeThrough(new DecompressionStream('gzip'));
}
