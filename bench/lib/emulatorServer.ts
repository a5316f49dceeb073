// The Amazon Pay emulator in a process of its own, so that on a two-core machine the client
// under measurement and the server do not share one event loop. Started by emulatorProcess.ts.

import { startEmulator, type EmulatorOptions } from '../../test/emulator';

async function main(): Promise<void> {
	const options = JSON.parse(process.argv[2] ?? '{}') as EmulatorOptions;
	const emulator = await startEmulator(options);
	process.send?.({ url: emulator.url, key: emulator.generatedKey });

	process.on('message', (message: { stop?: boolean }) => {
		if (!message.stop) return;
		emulator.close().finally(() => process.exit(0));
	});
	process.on('disconnect', () => {
		emulator.close().finally(() => process.exit(0));
	});
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
