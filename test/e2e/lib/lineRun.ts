// What every scenario of one n8n line works with.
import type { Emulator, RequestLogEntry } from '../../emulator';
import { assert, type CheckList } from './checks';
import type { CredentialData } from './credential';
import type { N8nContext } from './n8n';

export interface LineRun {
	checks: CheckList;
	/** Names the line in every check, e.g. "[n8n 2.41.1 on Node.js 24.22.3]". */
	prefix: string;
	context: N8nContext;
	emulator: Emulator;
	/** The values of the credential imported as CREDENTIAL_ID. */
	credential: CredentialData;
}

// The headers the credential signs with; the emulator verifies the signature over them before
// it answers anything but 401.
const SIGNED_HEADERS = ['authorization', 'x-amz-pay-date', 'x-amz-pay-host', 'x-amz-pay-region'];

/** Every call in `calls` carried a signature the emulator verified and was answered 2xx. */
export function expectVerifiedSignedCalls(calls: RequestLogEntry[], what: string): void {
	const apiCalls = calls.filter((call) => call.kind !== 'document');
	assert(apiCalls.length > 0, `${what}: no Amazon Pay call reached the emulator`);
	for (const call of apiCalls) {
		assert(
			call.status >= 200 && call.status < 300,
			`${what}: ${call.method} ${call.path} was answered ${call.status} ${call.reasonCode ?? ''}`,
		);
		const missing = SIGNED_HEADERS.filter((header) => !call.headers.includes(header));
		assert(
			missing.length === 0,
			`${what}: ${call.method} ${call.path} arrived without ${missing.join(', ')}`,
		);
	}
}

export function describeCalls(calls: RequestLogEntry[]): string {
	if (calls.length === 0) return '  (none)';
	return calls
		.map((call) => `  ${call.method} ${call.path} -> ${call.status} ${call.reasonCode ?? ''}`)
		.join('\n');
}
