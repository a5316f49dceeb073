// `n8n start` on 127.0.0.1: the owner and credentials through the REST API, the credential test
// endpoint with a good and two wrong keys, the trigger example as an active workflow, and (when
// asked) the editor in a headless browser.
import { join } from 'node:path';

import { generateKeyPair } from '../../emulator';
import { assert } from '../lib/checks';
import { REPO_ROOT } from '../lib/communityPackage';
import { CREDENTIAL_TYPE, type CredentialData } from '../lib/credential';
import { describeCalls, type LineRun } from '../lib/lineRun';
import { n8nCommandChecked, startN8nServer } from '../lib/n8n';
import { N8nRestClient, type ExecutionSummary } from '../lib/rest';
import { runEditorChecks } from './editor';
import type { EarlierTriggerRun } from './queue';
import { readWorkflowFile, type WorkflowFile } from './workflows';

const TRIGGER_EXAMPLE = join(REPO_ROOT, 'examples', 'settlement-report-to-rows.json');
const SANDBOX_SETTLEMENT = '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_SANDBOX_SETTLEMENT_DATA_';
// n8n polls once when it activates a workflow, so a report the trigger's window already covers
// starts the workflow within seconds instead of at the next full minute.
const TRIGGER_WAIT_MS = 90_000;

/**
 * The trigger example with "Include Reports From the Last (Days)" at 1 instead of 0, so that
 * the poll n8n makes on activation finds the settlement report seeded an hour earlier.
 */
export function triggerWorkflow(): WorkflowFile {
	const file = readWorkflowFile(TRIGGER_EXAMPLE, 'tr');
	for (const node of file.json.nodes) {
		if (node.type.endsWith('.amazonPayReportsTrigger')) node.parameters.includeLastDays = 1;
	}
	return file;
}

/** Returns what the trigger example did, for the queue-mode checks to build on. */
export async function runServerChecks(
	run: LineRun,
	options: { editor: boolean; trigger?: WorkflowFile },
): Promise<EarlierTriggerRun | undefined> {
	const { checks, prefix, context, emulator } = run;

	const settlementReportId = options.trigger
		? await checks.check(`${prefix} activate the trigger example before n8n starts`, async () => {
				const report = emulator.seedReport({
					reportType: SANDBOX_SETTLEMENT,
					processingStatus: 'COMPLETED',
					createdTime: Date.now() - 3600_000,
					documentRows: 5,
				});
				await n8nCommandChecked(context, context.install.line.activateArgs(options.trigger!.id), {
					label: 'activate the trigger example',
				});
				return report.reportId;
			})
		: undefined;

	const server = await checks.check(`${prefix} n8n start serves on 127.0.0.1`, () =>
		startN8nServer(context),
	);
	if (!server) return undefined;
	let triggerRun: EarlierTriggerRun | undefined;
	try {
		const client = new N8nRestClient(server.url);
		const signedIn = await checks.check(
			`${prefix} REST: set up the owner and sign in`,
			async () => {
				await client.signInAsOwner();
				return true;
			},
		);
		if (!signedIn) return undefined;

		await runCredentialTests(run, client);
		const { trigger } = options;
		if (trigger && settlementReportId) {
			const executionIds = await checks.check(
				`${prefix} ${trigger.source} starts on a completed report`,
				() => expectTriggeredRun(run, client, trigger, settlementReportId),
			);
			if (executionIds)
				triggerRun = { workflow: trigger, reportId: settlementReportId, executionIds };
		}
		if (options.editor) await runEditorChecks(run, server, client);
	} finally {
		await server.stop();
	}
	return triggerRun;
}

/** The editor's credential test, through POST /rest/credentials/test, on three credentials. */
async function runCredentialTests(run: LineRun, client: N8nRestClient): Promise<void> {
	const { checks, prefix, credential } = run;

	await checks.check(`${prefix} REST: credential test passes with the right key`, async () => {
		const result = await createAndTest(client, 'Amazon Pay (REST, right key)', credential);
		assert(result.status === 'OK', `expected OK, got ${JSON.stringify(result)}`);
	});

	const wrongKeys: Array<[string, CredentialData]> = [
		[
			'a private key that does not belong to the key ID',
			{ ...credential, privateKey: generateKeyPair().privateKeyPem },
		],
		[
			'a key ID Amazon Pay does not know',
			{ ...credential, publicKeyId: 'SANDBOX-AE2EUNKNOWNKEY0000000000' },
		],
	];
	for (const [what, data] of wrongKeys) {
		await checks.check(`${prefix} REST: credential test fails clearly for ${what}`, async () => {
			const result = await createAndTest(client, `Amazon Pay (REST, ${what})`, data);
			assert(result.status === 'Error', `expected Error, got ${JSON.stringify(result)}`);
			// n8n 2.x shows the credential's own message for Amazon's 401. n8n 1.x does not apply a
			// credential's response rules to this error and shows its own text for any 401.
			const expected = isLine(run, 'n8n-1')
				? /Private Key|Public Key ID|Authorization failed - please check your credentials/
				: /Private Key|Public Key ID/;
			assert(
				expected.test(result.message),
				`the failure does not say what to check: "${result.message}"`,
			);
		});
	}
}

function isLine(run: LineRun, id: string): boolean {
	return run.context.install.line.id === id;
}

/** Creates a credential, tests it as the editor's Test button does, and deletes it again. */
async function createAndTest(client: N8nRestClient, name: string, data: CredentialData) {
	const created = await client.createCredential(name, CREDENTIAL_TYPE, data);
	try {
		return await client.testCredential({ id: created.id, name, type: CREDENTIAL_TYPE }, data);
	} finally {
		await client.deleteCredential(created.id);
	}
}

/**
 * The active trigger example ran on the seeded report and downloaded its document. Returns the
 * workflow's execution IDs.
 */
async function expectTriggeredRun(
	run: LineRun,
	client: N8nRestClient,
	trigger: WorkflowFile,
	reportId: string,
): Promise<string[]> {
	const deadline = Date.now() + TRIGGER_WAIT_MS;
	let executions: ExecutionSummary[] = [];
	while (Date.now() < deadline) {
		executions = await client.executions(trigger.id);
		if (
			executions.some((execution) => execution.status !== 'running' && execution.status !== 'new')
		) {
			break;
		}
		await new Promise((resolve) => setTimeout(resolve, 1000));
	}
	const summary = executions.map((execution) => `${execution.id}: ${execution.status}`).join(', ');
	assert(executions.length > 0, `no execution within ${TRIGGER_WAIT_MS / 1000} s`);
	assert(
		executions.some((execution) => execution.status === 'success'),
		`no successful execution: ${summary}`,
	);

	const report = run.emulator.reports().find((candidate) => candidate.reportId === reportId);
	const calls = run.emulator.requests();
	assert(
		report?.reportDocumentId &&
			calls.some((call) => call.path.includes(report.reportDocumentId!) && call.status === 200),
		`the settlement report's document was never fetched:\n${describeCalls(calls.slice(-10))}`,
	);
	return executions.map((execution) => execution.id);
}
