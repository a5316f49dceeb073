// n8n's internal REST API as the editor uses it: a session cookie and a fixed browser ID (n8n
// ties the cookie to the browser-id header it was issued with).
import { randomUUID } from 'node:crypto';

export const OWNER = {
	email: 'owner@example.com',
	firstName: 'E2E',
	lastName: 'Owner',
	password: 'E2e-owner-password-1',
};

export interface ExecutionSummary {
	id: string;
	status: string;
	mode: string;
	workflowId: string;
}

export class N8nRestClient {
	private cookie = '';
	private readonly browserId = randomUUID();

	constructor(readonly baseUrl: string) {}

	/** Creates the instance owner (this also signs in), or signs in if one exists. */
	async signInAsOwner(): Promise<void> {
		const setup = await this.request('POST', '/rest/owner/setup', OWNER, { allowFailure: true });
		if (setup.status === 200) return;
		await this.request('POST', '/rest/login', {
			emailOrLdapLoginId: OWNER.email,
			email: OWNER.email,
			password: OWNER.password,
		});
	}

	async createCredential(name: string, type: string, data: Record<string, unknown>) {
		const { body } = await this.request('POST', '/rest/credentials', { name, type, data });
		return (body as { data: { id: string } }).data;
	}

	/** The editor's "Test" button on a saved credential. */
	async testCredential(credential: { id: string; name: string; type: string }, data: object) {
		const { body } = await this.request('POST', '/rest/credentials/test', {
			credentials: { ...credential, data },
		});
		return (body as { data: { status: string; message: string } }).data;
	}

	async deleteCredential(id: string): Promise<void> {
		await this.request('DELETE', `/rest/credentials/${id}`);
	}

	/** A workflow made through the API, as the editor's "save" makes it. */
	async createWorkflow(workflow: object): Promise<{ id: string }> {
		const { body } = await this.request('POST', '/rest/workflows', workflow);
		return (body as { data: { id: string } }).data;
	}

	/** The newest executions of a workflow, newest first. */
	async executions(workflowId: string): Promise<ExecutionSummary[]> {
		const filter = encodeURIComponent(JSON.stringify({ workflowId }));
		const { body } = await this.request('GET', `/rest/executions?filter=${filter}`);
		return (body as { data: { results: ExecutionSummary[] } }).data.results;
	}

	async request(
		method: string,
		path: string,
		payload?: unknown,
		options: { allowFailure?: boolean } = {},
	): Promise<{ status: number; body: unknown }> {
		const response = await fetch(`${this.baseUrl}${path}`, {
			method,
			headers: {
				'content-type': 'application/json',
				'browser-id': this.browserId,
				...(this.cookie && { cookie: this.cookie }),
			},
			body: payload === undefined ? undefined : JSON.stringify(payload),
			signal: AbortSignal.timeout(60_000),
		});
		const setCookie = response.headers.getSetCookie();
		const session = setCookie.find((cookie) => cookie.startsWith('n8n-auth='));
		if (session) this.cookie = session.split(';')[0];

		const text = await response.text();
		let body: unknown = text;
		try {
			body = JSON.parse(text);
		} catch {
			// Not JSON; keep the text for the message.
		}
		if (!options.allowFailure && !response.ok) {
			throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 500)}`);
		}
		return { status: response.status, body };
	}
}
