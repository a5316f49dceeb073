// The editor in headless Chromium, as a user meets the package: sign in, search the node panel
// for "Amazon Pay", add an action, read its parameters, open its credential. Each step leaves a
// screenshot in docs/screenshots/.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { chromium, type Browser, type Locator, type Page } from 'playwright-core';

import { assert } from '../lib/checks';
import { REPO_ROOT } from '../lib/communityPackage';
import { CREDENTIAL_ID } from '../lib/credential';
import type { LineRun } from '../lib/lineRun';
import type { N8nServer } from '../lib/n8n';
import { OWNER, type N8nRestClient } from '../lib/rest';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS_DIR = join(REPO_ROOT, 'docs', 'screenshots');

const PACKAGE_ICON_PATH = '/icons/n8n-nodes-amazon-pay-reports/';
const NODE_NAME = 'Amazon Pay Reports';
const ACTION = 'Create a report';
// What n8n shows in place of a node whose package did not load.
const NOT_LOADED =
	/not currently installed|Install this node|Unrecognized node type|Problem loading/i;

const by = (testId: string) => `[data-test-id="${testId}"]`;

export async function runEditorChecks(
	run: LineRun,
	server: N8nServer,
	client: N8nRestClient,
): Promise<void> {
	const { checks, prefix } = run;
	if (!existsSync(CHROMIUM)) {
		checks.skip(`${prefix} editor`, `no Chromium at ${CHROMIUM} (apt-get install chromium)`);
		return;
	}
	mkdirSync(SCREENSHOTS_DIR, { recursive: true });

	const workflow = await checks.check(`${prefix} editor: a workflow with a Manual Trigger`, () =>
		startingWorkflow(client),
	);
	if (!workflow) return;

	let browser: Browser | undefined;
	try {
		browser = await chromium.launch({
			executablePath: CHROMIUM,
			headless: true,
			args: ['--no-sandbox', '--disable-background-networking', '--disable-dev-shm-usage'],
		});
		const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
		page.setDefaultTimeout(60_000);

		const steps: Array<[string, () => Promise<void>]> = [
			['sign in as the owner', () => signIn(page, server.url)],
			[
				`the node panel finds "${NODE_NAME}" with its icon`,
				() => searchNodePanel(page, server.url, workflow.id),
			],
			[`"${ACTION}" adds the node; its parameters render`, () => addAction(page)],
			['the credential form opens and its connection test passes', () => openCredential(page)],
		];
		for (const [name, step] of steps) {
			const done = await checks.check(`${prefix} editor: ${name}`, async () => {
				await step();
				return true;
			});
			if (!done) {
				await page.screenshot({ path: join(run.context.logDir, 'editor-failure.png') });
				return;
			}
		}
	} finally {
		await browser?.close();
	}
}

/** A saved workflow holding only a Manual Trigger, so the node panel offers actions. */
async function startingWorkflow(client: N8nRestClient): Promise<{ id: string }> {
	return client.createWorkflow({
		name: 'Amazon Pay Reports in the editor',
		nodes: [
			{
				id: '7e3f3f55-5b0a-4f43-9d52-1c0f2a6b0001',
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
		],
		connections: {},
		settings: { executionOrder: 'v1' },
	});
}

async function signIn(page: Page, baseUrl: string): Promise<void> {
	await page.goto(`${baseUrl}/signin`);
	await page.locator('#emailOrLdapLoginId').fill(OWNER.email);
	await page.locator('#password').fill(OWNER.password);
	await page.locator(by('form-submit-button')).click();
	await page.waitForURL((url) => !url.pathname.startsWith('/signin'));
}

async function searchNodePanel(page: Page, baseUrl: string, workflowId: string): Promise<void> {
	await page.goto(`${baseUrl}/workflow/${workflowId}`);
	await page.locator(by('node-creator-plus-button')).click();
	await page.locator(by('node-creator-search-bar')).fill('Amazon Pay');

	const item = page.locator(by('item-iterator-item')).filter({ hasText: NODE_NAME }).first();
	await item.waitFor();
	await expectPackageIcon(item, 'the node panel entry');
	await settle(page);
	await page.screenshot({ path: join(SCREENSHOTS_DIR, 'node-panel.png') });

	await item.click();
	const action = actionItem(page);
	await action.waitFor();
	await expectPackageIcon(action, `the "${ACTION}" action`);
	await settle(page);
	await page.screenshot({ path: join(SCREENSHOTS_DIR, 'node-actions.png') });
}

async function addAction(page: Page): Promise<void> {
	await actionItem(page).click();
	const ndv = page.locator(by('ndv'));
	await ndv.waitFor();
	await ndv.locator(by('parameter-input-reportType')).waitFor();
	const header = ndv.locator('header').filter({ has: page.locator(by('node-title-container')) });
	await expectPackageIcon(header, 'the node panel header');
	await expectNoLoadingProblem(page);

	// The credential the workflows use, whichever one n8n picked by itself.
	await ndv.locator(by('node-credentials-select')).click();
	await page.locator(by(`node-credentials-select-item-${CREDENTIAL_ID}`)).click();
	await settle(page);
	await page.screenshot({ path: join(SCREENSHOTS_DIR, 'node-parameters.png') });

	// The canvas behind the panel draws the node with the same icon.
	const canvasNode = page.locator(by('canvas-node')).filter({ hasText: ACTION });
	await expectPackageIcon(canvasNode, 'the node on the canvas');
}

async function openCredential(page: Page): Promise<void> {
	await page.locator(by('ndv')).locator(by('credential-edit-button')).click();
	const dialog = page.locator(by('credential-edit-dialog'));
	await dialog.waitFor();
	await dialog.locator(by('parameter-input-publicKeyId')).waitFor();
	// Opening a saved credential runs its test; the green banner is the test's answer.
	await dialog.locator(by('credentials-config-container-test-success')).waitFor();
	await settle(page);
	await page.screenshot({ path: join(SCREENSHOTS_DIR, 'credential.png') });
}

function actionItem(page: Page): Locator {
	return page.locator('[data-keyboard-nav-type="action"]').filter({ hasText: ACTION }).first();
}

/** An <img> of this package's icon inside `scope` that the browser loaded and drew. */
async function expectPackageIcon(scope: Locator, where: string): Promise<void> {
	const icon = scope.locator(`img[src*="${PACKAGE_ICON_PATH}"]`).first();
	await icon.waitFor().catch(() => {
		throw new Error(`${where} shows no icon from ${PACKAGE_ICON_PATH}`);
	});
	const deadline = Date.now() + 10_000;
	let state = { complete: false, naturalWidth: 0, src: '' };
	while (Date.now() < deadline) {
		state = await icon.evaluate((element) => {
			const image = element as unknown as { complete: boolean; naturalWidth: number; src: string };
			return { complete: image.complete, naturalWidth: image.naturalWidth, src: image.src };
		});
		if (state.complete && state.naturalWidth > 0) return;
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
	throw new Error(
		`${where}: the icon ${state.src} did not load (natural width ${state.naturalWidth})`,
	);
}

async function expectNoLoadingProblem(page: Page): Promise<void> {
	const text = await page.locator('body').innerText();
	const problem = NOT_LOADED.exec(text);
	assert(!problem, `the editor says "${problem?.[0]}": the package's node did not load`);
}

/** Lets transitions end and hover effects go, so that screenshots show the panel at rest. */
async function settle(page: Page): Promise<void> {
	await page.mouse.move(1050, 650);
	await page.waitForTimeout(600);
}
