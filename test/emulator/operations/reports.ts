// Get Reports, Get Report By Id and Create Report.
// Docs: https://developer.amazon.com/docs/amazon-pay-api-v2/reports.html

import {
	CAPTURE_REPORT,
	GET_REPORTS_DEFAULT_PAGE_SIZE,
	GET_REPORTS_MAX_PAGE_SIZE,
	PROCESSING_STATUSES,
	REPORT_RETENTION_MS,
	REPORT_TYPES,
	SANDBOX_SETTLEMENT_REPORT,
	SETTLEMENT_REPORT,
	type Environment,
} from '../constants';
import { badRequest, notFound } from '../errors';
import type { PageCursor } from '../pageTokens';
import { toApiReport } from '../reports';
import type { EmulatorState, Operation, OperationResponse } from '../state';
import {
	parseJsonObject,
	readList,
	readTime,
	readWholeNumber,
	rejectUnknownFields,
	rejectUnknownQueryParameters,
	requireString,
} from './parameters';

const createReport: Operation = {
	method: 'POST',
	path: '/v2/reports',
	execute(request, state) {
		const body = parseJsonObject(request.body);
		rejectUnknownFields(body, ['reportType', 'startTime', 'endTime']);

		const reportType = requireString(body, 'reportType');
		checkCreatable(reportType, request.environment);

		const startTime = readTime('startTime', requireString(body, 'startTime'));
		const endTime = readTime('endTime', requireString(body, 'endTime'));
		if (endTime <= startTime) {
			throw badRequest('InvalidParameterValue', "'endTime' must be after 'startTime'.");
		}

		const report = state.reports.add({
			environment: request.environment,
			reportType,
			startTime,
			endTime,
			createdTime: request.now,
			processingDelayMs: state.limits.processingDelayMs,
		});
		return { status: 201, body: { reportId: report.reportId } };
	},
};

function checkCreatable(reportType: string, environment: Environment): void {
	if (!REPORT_TYPES.includes(reportType)) {
		throw badRequest('InvalidParameterValue', `'${reportType}' is not a valid reportType.`);
	}
	if (reportType === CAPTURE_REPORT) {
		throw badRequest(
			'InvalidParameterValue',
			`The reportType '${reportType}' is not available through the API.`,
		);
	}
	// Settlement reports are generated with each settlement; only the sandbox one is requested.
	if (reportType === SETTLEMENT_REPORT) {
		throw badRequest(
			'InvalidParameterValue',
			`The reportType '${reportType}' cannot be created: settlement reports are generated ` +
				'with each settlement. Use Get Reports to find them.',
		);
	}
	if (reportType === SANDBOX_SETTLEMENT_REPORT && environment === 'live') {
		throw badRequest(
			'InvalidParameterValue',
			`The reportType '${reportType}' exists only in the sandbox environment.`,
		);
	}
}

const getReportById: Operation = {
	method: 'GET',
	path: '/v2/reports/{reportId}',
	execute(request, state) {
		const { reportId } = request.pathParameters;
		const report = state.reports.find(request.environment, reportId);
		if (!report) throw notFound(`The report with reportId '${reportId}' was not found.`);

		return { status: 200, body: toApiReport(report, request.now) };
	},
};

const FILTER_PARAMETERS = [
	'reportTypes',
	'processingStatuses',
	'createdSince',
	'createdUntil',
	'pageSize',
];

const getReports: Operation = {
	method: 'GET',
	path: '/v2/reports',
	execute(request, state) {
		const { query } = request;
		rejectUnknownQueryParameters(query, [...FILTER_PARAMETERS, 'nextToken']);

		const reportTypes = readList('reportTypes', query.get('reportTypes'), REPORT_TYPES);
		const processingStatuses = readList(
			'processingStatuses',
			query.get('processingStatuses'),
			PROCESSING_STATUSES,
		);
		const pageSizeText = query.get('pageSize');
		const pageSize =
			pageSizeText === undefined
				? GET_REPORTS_DEFAULT_PAGE_SIZE
				: readWholeNumber('pageSize', pageSizeText, 1, GET_REPORTS_MAX_PAGE_SIZE);
		const createdSinceText = query.get('createdSince');
		const createdUntilText = query.get('createdUntil');
		const createdSince =
			createdSinceText === undefined ? undefined : readTime('createdSince', createdSinceText);
		const createdUntil =
			createdUntilText === undefined ? undefined : readTime('createdUntil', createdUntilText);

		// Filters in one comparable form, to check those repeated with a nextToken.
		const filters: Record<string, string> = {
			reportTypes: reportTypes ? [...reportTypes].sort().join(',') : '',
			processingStatuses: processingStatuses ? [...processingStatuses].sort().join(',') : '',
			createdSince: createdSince === undefined ? '' : String(createdSince),
			createdUntil: createdUntil === undefined ? '' : String(createdUntil),
			pageSize: String(pageSize),
		};

		const nextToken = query.get('nextToken');
		if (nextToken !== undefined) {
			const cursor = state.pageTokens.redeem(nextToken);
			if (!cursor || cursor.environment !== request.environment) {
				throw badRequest('InvalidParameterValue', 'The nextToken is not valid or has expired.');
			}
			checkFiltersRepeated(query, filters, cursor);
			return page(cursor, state, request.now);
		}

		const since = createdSince ?? request.now - REPORT_RETENTION_MS;
		const until = createdUntil ?? request.now;
		if (since > until) {
			throw badRequest('InvalidParameterValue', "'createdSince' must not be after 'createdUntil'.");
		}

		const reports = state.reports.list(
			request.environment,
			{ reportTypes, processingStatuses, createdSince: since, createdUntil: until },
			request.now,
		);
		const cursor: PageCursor = {
			environment: request.environment,
			reportIds: reports.map((report) => report.reportId),
			offset: 0,
			pageSize,
			filters,
		};
		return page(cursor, state, request.now);
	},
};

// The docs want nextToken sent alone, yet the .NET SDK repeats reportTypes and
// processingStatuses with it: accept repeated filters as long as they are unchanged.
function checkFiltersRepeated(
	query: Map<string, string>,
	filters: Record<string, string>,
	cursor: PageCursor,
): void {
	for (const name of FILTER_PARAMETERS) {
		if (query.has(name) && filters[name] !== cursor.filters[name]) {
			throw badRequest(
				'InvalidParameterCombination',
				`'${name}' differs from the request that issued the nextToken. Send nextToken ` +
					'alone, or with the same filters.',
			);
		}
	}
}

function page(cursor: PageCursor, state: EmulatorState, now: number): OperationResponse {
	const end = cursor.offset + cursor.pageSize;
	const reports = cursor.reportIds
		.slice(cursor.offset, end)
		.map((reportId) => state.reports.find(cursor.environment, reportId))
		.filter((report) => report !== undefined)
		.map((report) => toApiReport(report, now));

	const body: { reports: unknown[]; nextToken?: string } = { reports };
	if (end < cursor.reportIds.length) {
		body.nextToken = state.pageTokens.issue({ ...cursor, offset: end });
	}
	return { status: 200, body };
}

export const reportOperations: Operation[] = [createReport, getReportById, getReports];
