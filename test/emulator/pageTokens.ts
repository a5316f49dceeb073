// Get Reports pages over a snapshot of the matching report IDs taken with the first page, so
// reports created between pages neither repeat a report nor push one out of sight.

import { randomBytes } from 'node:crypto';

import type { Environment } from './constants';

export interface PageCursor {
	environment: Environment;
	reportIds: string[];
	offset: number;
	pageSize: number;
	/** The filters of the first page, to compare with those a later page repeats. */
	filters: Record<string, string>;
}

export class PageTokens {
	private readonly cursorsByToken = new Map<string, PageCursor>();

	issue(cursor: PageCursor): string {
		const token = randomBytes(24).toString('base64url');
		this.cursorsByToken.set(token, cursor);
		return token;
	}

	redeem(token: string): PageCursor | undefined {
		return this.cursorsByToken.get(token);
	}

	clear(): void {
		this.cursorsByToken.clear();
	}
}
