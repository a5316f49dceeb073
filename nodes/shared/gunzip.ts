// n8n Cloud allows no node:zlib import in community nodes; the web platform's
// DecompressionStream, a global in every Node.js n8n runs on, does the same job.
interface GzipTransform {
	readable: unknown;
	writable: unknown;
}
declare const DecompressionStream: new (format: 'gzip') => GzipTransform;

/** Unpacks a gzip document; a damaged one rejects. */
export async function gunzip(data: Uint8Array): Promise<Buffer> {
	const unpacked = new Blob([data]).stream().pipeThrough(new DecompressionStream('gzip') as never);
	return Buffer.from(await new Response(unpacked as never).arrayBuffer());
}
