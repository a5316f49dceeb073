// `npm start`: the main job. Starts the Amazon Pay emulator, runs examples/create-report.json
// on the real n8n engine with this package loaded as n8n loads it, prints what came out.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { startEmulator } from './emulator';
import { runWorkflow } from './runner';
import { emulatorCredentials } from './support/emulatorCredentials';

async function main(): Promise<number> {
	const emulator = await startEmulator();
	try {
		const workflow = JSON.parse(
			readFileSync(join(__dirname, '..', 'examples', 'create-report.json'), 'utf8'),
		);
		console.log(`Amazon Pay emulator on ${emulator.url}; running "${workflow.name}"\n`);

		const result = await runWorkflow(workflow, {
			credentials: { amazonPayApi: emulatorCredentials(emulator) },
		});
		if (result.status !== 'success') {
			console.error(`The workflow failed: ${result.error?.message}`);
			if (result.error?.description) console.error(result.error.description);
			return 1;
		}

		const [created] = result.outputs['Create Report'];
		const [report] = result.outputs['Get Report'];
		console.log(`reportId: ${created.json.reportId}`);
		const timeZone = workflow.settings?.timezone ?? "America/New_York, n8n's default";
		console.log(
			`period sent: ${created.json.startTime} to ${created.json.endTime} ` +
				`(yesterday in the workflow's time zone, ${timeZone}; Amazon Pay takes UTC)`,
		);
		console.log('\nGet Report returned:');
		console.log(JSON.stringify(report.json, null, 2));
		if (report.json.processingStatus === 'IN_PROGRESS') {
			console.log(
				'\nIN_PROGRESS is expected: this example does not wait. ' +
					'examples/create-report-and-wait-for-rows.json waits for the report and reads its rows.',
			);
		}

		console.log('\nAmazon Pay calls, each signature checked by the emulator:');
		for (const call of emulator.requests()) {
			console.log(`  ${call.method} ${call.path} -> ${call.status}`);
		}
		return 0;
	} finally {
		await emulator.close();
	}
}

main().then(
	(code) => process.exit(code),
	(error: unknown) => {
		console.error(error);
		process.exit(1);
	},
);
