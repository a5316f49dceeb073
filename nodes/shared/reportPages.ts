// Get Reports pages. Amazon's docs say a later page sends its nextToken alone; the .NET SDK
// repeats the type and status filters with it, and Amazon accepts them unchanged. Repeating
// those two keeps every later page filtered whichever reading the service follows; the time
// range and page size travel in the token.

export interface ReportsQuery {
	reportTypes?: string;
	processingStatuses?: string;
	createdSince?: string;
	createdUntil?: string;
	pageSize?: number;
	nextToken?: string;
	[name: string]: string | number | undefined;
}

/** The query of the page after `nextToken`, given the query of the first page. */
export function laterPageQuery(firstPage: ReportsQuery, nextToken: string): ReportsQuery {
	return {
		nextToken,
		reportTypes: firstPage.reportTypes,
		processingStatuses: firstPage.processingStatuses,
	};
}
