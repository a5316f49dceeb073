import './environment';

import { Logger } from '@n8n/backend-common';
import { Container } from '@n8n/di';
import { BinaryDataService } from 'n8n-core';
import { LoggerProxy } from 'n8n-workflow';

import { CapturingLogger } from './log-capture';

let binaryDataReady: Promise<void> | undefined;
let loggerInstalled = false;

/**
 * Puts the capturing logger where n8n looks for its logger, before any n8n-core service is
 * built: nodes get `this.logger` from the container, n8n-workflow code uses LoggerProxy.
 */
export function ensureN8nServices() {
	if (loggerInstalled) return;
	const logger = new CapturingLogger();
	Container.set(Logger, logger as unknown as Logger);
	LoggerProxy.init(logger);
	loggerInstalled = true;
}

/**
 * n8n 2.x keeps binary data in files under the user folder; without this `prepareBinaryData`
 * would keep it in memory as base64, which is not what a real n8n does.
 */
export async function ensureBinaryDataService() {
	ensureN8nServices();
	binaryDataReady ??= Container.get(BinaryDataService).init();
	await binaryDataReady;
}
