// Get Reports and Get Disbursements page over a snapshot of what matched when the first page
// was asked for, so items added between pages neither repeat nor push one out of sight.

import { randomBytes } from 'node:crypto';

import type { Environment } from './constants';
import type { StoredDisbursement } from './disbursements';

export interface PageCursor {
	environment: Environment;
	reportIds: string[];
	offset: number;
	pageSize: number;
	/** The filters of the first page, to compare with those a later page repeats. */
	filters: Record<string, string>;
}

export interface DisbursementCursor {
	environment: Environment;
	disbursements: StoredDisbursement[];
	offset: number;
	pageSize: number;
	filters: Record<string, string>;
}

export class PageTokens<Cursor> {
	private readonly cursorsByToken = new Map<string, Cursor>();

	issue(cursor: Cursor): string {
		const token = randomBytes(24).toString('base64url');
		this.cursorsByToken.set(token, cursor);
		return token;
	}

	redeem(token: string): Cursor | undefined {
		return this.cursorsByToken.get(token);
	}

	clear(): void {
		this.cursorsByToken.clear();
	}
}
