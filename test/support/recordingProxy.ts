// A loopback forwarder put in front of the emulator (as the credential's Base URL) that keeps
// every Authorization header it passes on, so a test knows exactly which signatures were sent
// and can look for them in everything n8n shows or logs.
import { createServer, request, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordingProxy {
	url: string;
	authorizations: string[];
	close(): Promise<void>;
}

export async function startRecordingProxy(targetUrl: string): Promise<RecordingProxy> {
	const target = new URL(targetUrl);
	const authorizations: string[] = [];

	const server = createServer((incoming, outgoing) => {
		const authorization = incoming.headers.authorization;
		if (authorization) authorizations.push(authorization);

		const forwarded = request(
			{
				host: target.hostname,
				port: target.port,
				method: incoming.method,
				path: incoming.url,
				headers: incoming.headers as IncomingHttpHeaders,
			},
			(answer) => {
				outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
				answer.pipe(outgoing);
			},
		);
		// The emulator dropping a connection is passed on as a dropped connection.
		forwarded.on('error', () => outgoing.destroy());
		incoming.pipe(forwarded);
	});

	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		authorizations,
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}
