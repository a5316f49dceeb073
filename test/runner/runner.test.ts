import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

import type { INode, IConnections } from 'n8n-workflow';

import {
	MANUAL_TRIGGER_NODE_TYPE,
	NO_OP_NODE_TYPE,
	getBinaryBuffer,
	getCapturedLogs,
	loadPackageNodeTypes,
	runWorkflow,
	type LogLine,
	type RunOptions,
	type WorkflowJson,
} from '.';

const FIXTURE_DIR = join(__dirname, 'fixtures', 'echo-package');
const ECHO_REQUEST = 'n8n-nodes-runner-fixture.echoRequest';
const ECHO_TRIGGER = 'n8n-nodes-runner-fixture.echoTrigger';

interface ReceivedRequest {
	method: string;
	url: string;
	rawHeaders: string[];
	headers: IncomingMessage['headers'];
	body: string;
}

// Answers every request with what it received; `/status/<code>` answers with that status.
interface EchoServer {
	server: Server;
	baseUrl: string;
	received: ReceivedRequest[];
}

function startEchoServer(): Promise<EchoServer> {
	const received: ReceivedRequest[] = [];
	const server = createServer((request, response) => {
		let body = '';
		request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
		request.on('end', () => {
			const echo: ReceivedRequest = {
				method: request.method ?? '',
				url: request.url ?? '',
				rawHeaders: request.rawHeaders,
				headers: request.headers,
				body,
			};
			received.push(echo);
			const statusMatch = /^\/status\/(\d{3})/.exec(echo.url);
			response.writeHead(statusMatch ? Number(statusMatch[1]) : 200, {
				'content-type': 'application/json',
			});
			response.end(JSON.stringify({ ...echo, message: 'The echo server says no' }));
		});
	});
	return new Promise((resolve) => {
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as AddressInfo;
			resolve({ server, baseUrl: `http://127.0.0.1:${port}`, received });
		});
	});
}

/** rawHeaders as name → value, names exactly as they went over the wire. */
function headerPairs(rawHeaders: string[]): Record<string, string> {
	const pairs: Record<string, string> = {};
	for (let index = 0; index < rawHeaders.length; index += 2) {
		pairs[rawHeaders[index]] = rawHeaders[index + 1];
	}
	return pairs;
}

function node(
	name: string,
	type: string,
	parameters: INode['parameters'],
	extra: Partial<INode> = {},
): INode {
	return { id: name, name, type, typeVersion: 1, position: [0, 0], parameters, ...extra };
}

function chain(...nodes: INode[]): WorkflowJson {
	const connections: IConnections = {};
	for (let index = 0; index < nodes.length - 1; index++) {
		connections[nodes[index].name] = {
			main: [[{ node: nodes[index + 1].name, type: 'main', index: 0 }]],
		};
	}
	return { name: 'Runner test', nodes, connections };
}

const START = node('Start', MANUAL_TRIGGER_NODE_TYPE, {});
const ECHO_CREDENTIALS = {
	echoApi: { id: '1', name: 'Echo account' },
	echoGenericApi: { id: '2', name: 'Echo generic account' },
};

describe('runWorkflow on the fixture package', () => {
	let echo: Awaited<ReturnType<typeof startEchoServer>>;
	const previousNoProxy = process.env.NO_PROXY;

	function echoNode(parameters: INode['parameters'], extra: Partial<INode> = {}): INode {
		return node('Echo', ECHO_REQUEST, { baseUrl: echo.baseUrl, ...parameters }, {
			credentials: ECHO_CREDENTIALS,
			...extra,
		});
	}

	async function run(workflow: WorkflowJson, options: RunOptions = {}) {
		return await runWorkflow(workflow, {
			packageDir: FIXTURE_DIR,
			credentials: { echoApi: { token: 'echo-token' }, echoGenericApi: { apiKey: 'generic-key' } },
			...options,
		});
	}

	beforeAll(async () => {
		process.env.NO_PROXY = '127.0.0.1,localhost';
		echo = await startEchoServer();
	});

	afterAll(async () => {
		process.env.NO_PROXY = previousNoProxy;
		await new Promise((resolve) => echo.server.close(resolve));
	});

	beforeEach(() => {
		echo.received.length = 0;
	});

	it('loads the package through its n8n section and names nodes <package>.<node>', async () => {
		const loaded = await loadPackageNodeTypes(FIXTURE_DIR);

		expect(loaded.packageName).toBe('n8n-nodes-runner-fixture');
		expect(loaded.packageNodeTypeNames.sort()).toEqual([ECHO_REQUEST, ECHO_TRIGGER]);
		expect(Object.keys(loaded.credentialTypes).sort()).toEqual(['echoApi', 'echoGenericApi']);
		expect(loaded.nodeTypes.getByNameAndVersion(ECHO_REQUEST, 1).description.name).toBe(
			'echoRequest',
		);
		const manualTrigger = loaded.nodeTypes.getByNameAndVersion(MANUAL_TRIGGER_NODE_TYPE, 1);
		expect(manualTrigger.description.inputs).toEqual([]);
		expect(Object.keys(loaded.nodeTypes.getKnownTypes())).toContain(NO_OP_NODE_TYPE);
		expect(await loadPackageNodeTypes(FIXTURE_DIR)).toBe(loaded);
	});

	it('runs Manual Trigger → nodes, evaluating expressions over the previous item', async () => {
		const workflow = chain(
			START,
			node('Pick', ECHO_REQUEST, { operation: 'log', message: 'RPT-42' }),
			node('Pass', NO_OP_NODE_TYPE, {}),
			echoNode({ path: '={{ "/reports/" + $json.logged }}' }),
		);

		const result = await run(workflow);

		expect(result.error).toBeUndefined();
		expect(result.status).toBe('success');
		expect(result.outputs.Start).toEqual([{ json: {}, pairedItem: { item: 0 } }]);
		expect(result.outputs.Pass[0].json).toEqual({ logged: 'RPT-42' });
		expect(result.outputs.Echo).toHaveLength(1);
		expect(result.outputs.Echo[0].json.url).toBe('/reports/RPT-42');
		expect(result.outputs.Echo[0].pairedItem).toEqual({ item: 0 });
		expect(Object.keys(result.runData).sort()).toEqual(['Echo', 'Pass', 'Pick', 'Start']);
	});

	it('signs requests with the credential type’s own authenticate function', async () => {
		const result = await run(chain(START, echoNode({ path: '/echo', qs: '{"a":"1"}' })));

		expect(result.status).toBe('success');
		const [request] = echo.received;
		const headers = headerPairs(request.rawHeaders);
		expect(headers['X-Echo-Token']).toBe('echo-token');

		// What httpRequestWithAuthentication hands to authenticate: the node's options as given,
		// plus the execution's abort signal.
		expect(JSON.parse(headers['X-Received-Options'])).toEqual({
			method: 'string',
			baseURL: 'string',
			url: 'string',
			qs: 'Object',
			json: 'boolean',
			abortSignal: 'AbortSignal',
		});
		expect(headers['X-Received-Url']).toBe('/echo');
		expect(headers['X-Received-Base-Url']).toBe(echo.baseUrl);
		expect(request.url).toBe('/echo?a=1');
	});

	it('keeps authenticate’s headers as returned, Content-Type on a bodiless GET too', async () => {
		const signedHeaders = {
			Authorization:
				'AMZN-PAY-RSASSA-PSS-V2 PublicKeyId=AbC123, ' +
				'SignedHeaders=accept;content-type;x-amz-pay-date, Signature=a+b/c==',
			'X-Amz-Pay-Date': '20240101T000000Z',
			'x-amz-pay-region': 'eu',
			'Content-Type': 'application/json',
			Accept: 'application/json',
		};
		const credentials = {
			echoApi: { token: 'echo-token', extraHeaders: JSON.stringify(signedHeaders) },
		};

		const result = await run(chain(START, echoNode({ method: 'GET', path: '/get' })), {
			credentials,
		});

		expect(result.status).toBe('success');
		const [request] = echo.received;
		const headers = headerPairs(request.rawHeaders);
		for (const [name, value] of Object.entries(signedHeaders)) {
			expect(headers[name]).toBe(value);
		}
		expect(request.body).toBe('');
		expect(request.headers['content-length']).toBeUndefined();
		expect(headers['User-Agent']).toBe('n8n');
	});

	it('sends a POST body as JSON after authenticate', async () => {
		const result = await run(
			chain(START, echoNode({ method: 'POST', path: '/post', body: '{"reportType":"X"}' })),
		);

		expect(result.status).toBe('success');
		const [request] = echo.received;
		expect(request.body).toBe('{"reportType":"X"}');
		expect(request.headers['content-type']).toBe('application/json');
		expect(request.headers['content-length']).toBe(String(request.body.length));
	});

	it('applies a credential’s generic authenticate object', async () => {
		const result = await run(
			chain(START, echoNode({ path: '/generic', authentication: 'echoGenericApi' })),
		);

		expect(result.status).toBe('success');
		const [request] = echo.received;
		expect(headerPairs(request.rawHeaders)['X-Api-Key']).toBe('generic-key');
		expect(request.url).toBe('/generic?tenant=default-tenant');
	});

	it('reports an API failure as n8n does: status error, NodeApiError with httpCode', async () => {
		const result = await run(chain(START, echoNode({ path: '/status/404' })));

		expect(result.status).toBe('error');
		expect(result.error).toMatchObject({
			name: 'NodeApiError',
			node: 'Echo',
			httpCode: '404',
			message: 'The resource you are requesting could not be found',
			description: 'The echo server says no',
		});
		expect(result.outputs.Echo).toEqual([]);
	});

	it('calls authenticate again and retries once when the API answers 401', async () => {
		const result = await run(chain(START, echoNode({ path: '/status/401' })));

		expect(result.status).toBe('error');
		expect(result.error?.httpCode).toBe('401');
		expect(echo.received).toHaveLength(2);
		// The retry hands authenticate its own previous output, headers included.
		const retried = JSON.parse(headerPairs(echo.received[1].rawHeaders)['X-Received-Options']);
		expect(retried.headers).toBe('Object');
	});

	it('reports a NodeOperationError with its message, description and item index', async () => {
		const result = await run(
			chain(START, echoNode({ operation: 'fail', message: 'Report ID is missing' })),
		);

		expect(result.status).toBe('error');
		expect(result.error).toMatchObject({
			name: 'NodeOperationError',
			node: 'Echo',
			message: 'Report ID is missing',
			description: 'The fixture was asked to fail',
			itemIndex: 0,
		});
	});

	it('lets a continueOnFail node produce items instead of failing the run', async () => {
		const failing = { operation: 'fail', message: 'Report ID is missing' };

		const legacySetting = await run(chain(START, echoNode(failing, { continueOnFail: true })));
		const errorOutput = await run(
			chain(START, echoNode(failing, { onError: 'continueErrorOutput' })),
		);

		expect(legacySetting.status).toBe('success');
		expect(legacySetting.outputs.Echo).toEqual([
			{ json: { error: 'Report ID is missing' }, pairedItem: { item: 0 } },
		]);
		expect(errorOutput.status).toBe('success');
		expect(errorOutput.allOutputs.Echo[0]).toEqual([]);
		expect(errorOutput.allOutputs.Echo[1][0].json).toEqual({ error: 'Report ID is missing' });
	});

	it('returns a failed run when the workflow names an unknown node type', async () => {
		const result = await run(chain(START, node('Ghost', 'n8n-nodes-runner-fixture.ghost', {})));

		expect(result.status).toBe('error');
		expect(result.error?.message).toContain('n8n-nodes-runner-fixture.ghost');
	});

	it('fails the node when the test gave no values for its credential type', async () => {
		const result = await run(chain(START, echoNode({ path: '/echo' })), { credentials: {} });

		expect(result.status).toBe('error');
		expect(result.error?.message).toContain('RunOptions.credentials.echoApi');
		expect(echo.received).toHaveLength(0);
	});

	it('keeps binary data in files and reads it back with getBinaryBuffer', async () => {
		const result = await run(
			chain(START, echoNode({ operation: 'binary', text: 'settlement,1\n', fileName: 'r.csv' })),
		);

		expect(result.status).toBe('success');
		const [item] = result.outputs.Echo;
		expect(item.binary?.data).toMatchObject({ fileName: 'r.csv', mimeType: 'text/plain' });
		expect(item.binary?.data.id).toMatch(/^filesystem-v2:/);
		expect((await getBinaryBuffer(item)).toString('utf8')).toBe('settlement,1\n');
		await expect(getBinaryBuffer(item, 'missing')).rejects.toThrow('no binary property "missing"');
	});

	it('captures every log line, debug included, per run and process-wide', async () => {
		const sunk: LogLine[] = [];

		const result = await run(chain(START, echoNode({ operation: 'log', message: 'hello logs' })), {
			logger: (line) => sunk.push(line),
		});

		const nodeLine = { level: 'debug', message: 'hello logs', meta: { itemIndex: 0 } };
		expect(result.logs).toContainEqual(expect.objectContaining(nodeLine));
		const messages = result.logs.map((line) => line.message);
		expect(messages).toContain('Workflow execution finished successfully');
		expect(sunk).toEqual(result.logs);
		expect(getCapturedLogs()).toContainEqual(expect.objectContaining(nodeLine));
	});

	it('passes workflow static data in and back out', async () => {
		const result = await run(chain(START, echoNode({ operation: 'countRuns' })), {
			staticData: { 'node:Echo': { runs: 2 } },
		});

		expect(result.outputs.Echo[0].json).toEqual({ runs: 3 });
		expect(result.staticData).toEqual({ 'node:Echo': { runs: 3 } });
	});

	it('runs a polling trigger the way n8n does in manual and in production mode', async () => {
		const workflow = chain(
			node('Poll', ECHO_TRIGGER, { ids: 'a,b,c' }),
			node('Pass', NO_OP_NODE_TYPE, {}),
		);
		const cursor = { 'node:Poll': { lastId: 'a' } };

		const manual = await run(workflow);
		const production = await run(workflow, { mode: 'trigger', staticData: cursor });
		const nothingNew = await run(workflow, { mode: 'trigger', staticData: production.staticData });

		expect(manual.outputs.Pass.map((item) => item.json)).toEqual([{ id: 'c' }]);
		expect(production.status).toBe('success');
		expect(production.outputs.Pass.map((item) => item.json)).toEqual([{ id: 'b' }, { id: 'c' }]);
		expect(production.staticData).toEqual({ 'node:Poll': { lastId: 'c' } });
		expect(nothingNew).toMatchObject({ started: false, status: 'success', outputs: {} });
	});

	it('runs a workflow in milliseconds once warm', async () => {
		const workflow = chain(START, echoNode({ operation: 'log', message: 'timing' }));
		await run(workflow);

		const startedAt = performance.now();
		for (let round = 0; round < 5; round++) await run(workflow);

		expect((performance.now() - startedAt) / 5).toBeLessThan(100);
	});
});
