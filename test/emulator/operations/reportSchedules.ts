// Create Report Schedule, Get Report Schedules, Get Report Schedule By Id and Cancel Report
// Schedule. Docs: https://developer.amazon.com/docs/amazon-pay-api-v2/reports.html

import {
	CAPTURE_REPORT,
	MULTI_CURRENCY_REPORT,
	REPORT_TYPES,
	SANDBOX_SETTLEMENT_REPORT,
	SCHEDULE_FREQUENCIES,
	SETTLEMENT_REPORT,
	type Environment,
} from '../constants';
import { badRequest, notFound } from '../errors';
import { frequencyMs, toApiSchedule, type StoredSchedule } from '../schedules';
import type { EmulatorState, Operation } from '../state';
import {
	parseJsonObject,
	readList,
	readTime,
	rejectUnknownFields,
	rejectUnknownQueryParameters,
	requireString,
} from './parameters';

// Not schedulable: live settlement reports come with each settlement, capture data is not
// served through the API, and multi-currency reports are made on request only.
const UNSCHEDULABLE: Record<string, string> = {
	[SETTLEMENT_REPORT]: 'settlement reports are generated with each settlement',
	[CAPTURE_REPORT]: 'it is not available through the API',
	[MULTI_CURRENCY_REPORT]: 'multi-currency reports can only be requested with Create Report',
};

const createReportSchedule: Operation = {
	method: 'POST',
	path: '/v2/report-schedules',
	execute(request, state) {
		rejectUnknownQueryParameters(request.query, ['deleteExistingSchedule']);
		const body = parseJsonObject(request.body);
		rejectUnknownFields(body, [
			'reportType',
			'scheduleFrequency',
			'nextReportCreationTime',
			'deleteExistingSchedule',
		]);

		const reportType = requireString(body, 'reportType');
		checkSchedulable(reportType, request.environment);

		const scheduleFrequency = requireString(body, 'scheduleFrequency');
		if (!SCHEDULE_FREQUENCIES.includes(scheduleFrequency)) {
			throw badRequest(
				'InvalidParameterValue',
				`The value '${scheduleFrequency}' of 'scheduleFrequency' is not valid. Use one of ` +
					`${SCHEDULE_FREQUENCIES.join(', ')}.`,
			);
		}

		const nextTimeText = body.nextReportCreationTime;
		let nextReportCreationTime: number | undefined;
		if (nextTimeText !== undefined) {
			nextReportCreationTime = readTime(
				'nextReportCreationTime',
				requireString(body, 'nextReportCreationTime'),
			);
			if (nextReportCreationTime < request.now) {
				throw badRequest(
					'InvalidParameterValue',
					"'nextReportCreationTime' must not be in the past.",
				);
			}
		}

		const deleteExistingSchedule = readDeleteExisting(
			body.deleteExistingSchedule,
			request.query.get('deleteExistingSchedule'),
		);
		const existing = state.schedules.findByType(request.environment, reportType);
		if (existing && !deleteExistingSchedule) {
			throw badRequest(
				'InvalidRequest',
				`A report schedule for reportType '${reportType}' exists already ` +
					`(reportScheduleId '${existing.reportScheduleId}'). Only one schedule per report ` +
					'type is allowed: send deleteExistingSchedule=true to replace it.',
			);
		}
		if (existing) state.schedules.remove(existing);

		const schedule = state.schedules.add({
			environment: request.environment,
			reportType,
			scheduleFrequency,
			// Left out, the first report comes one period from now.
			nextReportCreationTime:
				nextReportCreationTime ?? request.now + frequencyMs(scheduleFrequency),
		});
		return { status: 201, body: { reportScheduleId: schedule.reportScheduleId } };
	},
};

function checkSchedulable(reportType: string, environment: Environment): void {
	if (!REPORT_TYPES.includes(reportType)) {
		throw badRequest('InvalidParameterValue', `'${reportType}' is not a valid reportType.`);
	}
	const reason = UNSCHEDULABLE[reportType];
	if (reason) {
		throw badRequest(
			'InvalidParameterValue',
			`The reportType '${reportType}' cannot be scheduled: ${reason}.`,
		);
	}
	if (reportType === SANDBOX_SETTLEMENT_REPORT && environment === 'live') {
		throw badRequest(
			'InvalidParameterValue',
			`The reportType '${reportType}' exists only in the sandbox environment.`,
		);
	}
}

// The docs name deleteExistingSchedule a query parameter, the SDKs send it in the body.
function readDeleteExisting(bodyValue: unknown, queryValue: string | undefined): boolean {
	const fromBody = readBoolean(bodyValue);
	const fromQuery = readBoolean(queryValue);
	if (fromBody !== undefined && fromQuery !== undefined && fromBody !== fromQuery) {
		throw badRequest(
			'InvalidParameterCombination',
			"'deleteExistingSchedule' differs between the query and the body. Send it once.",
		);
	}
	return fromBody ?? fromQuery ?? false;
}

function readBoolean(value: unknown): boolean | undefined {
	if (value === undefined) return undefined;
	if (value === true || value === 'true') return true;
	if (value === false || value === 'false') return false;
	throw badRequest(
		'InvalidParameterValue',
		`The value '${String(value)}' of 'deleteExistingSchedule' must be true or false.`,
	);
}

const getReportSchedules: Operation = {
	method: 'GET',
	path: '/v2/report-schedules',
	execute(request, state) {
		rejectUnknownQueryParameters(request.query, ['reportTypes']);
		const reportTypes = readList('reportTypes', request.query.get('reportTypes'), REPORT_TYPES);

		const reportSchedules = state.schedules
			.list(request.environment)
			.filter((schedule) => !reportTypes || reportTypes.includes(schedule.reportType))
			.map(toApiSchedule);
		return { status: 200, body: { reportSchedules } };
	},
};

const getReportScheduleById: Operation = {
	method: 'GET',
	path: '/v2/report-schedules/{reportScheduleId}',
	execute(request, state) {
		const schedule = findSchedule(request.pathParameters.reportScheduleId, request.environment, state);

		// The docs show the schedule wrapped in a list; the .NET SDK reads it flat.
		const apiSchedule = toApiSchedule(schedule);
		const body =
			state.options.scheduleByIdShape === 'flat' ? apiSchedule : { reportSchedules: [apiSchedule] };
		return { status: 200, body };
	},
};

const cancelReportSchedule: Operation = {
	method: 'DELETE',
	path: '/v2/report-schedules/{reportScheduleId}',
	execute(request, state) {
		const schedule = findSchedule(request.pathParameters.reportScheduleId, request.environment, state);
		state.schedules.remove(schedule);
		return { status: 200, body: {} };
	},
};

function findSchedule(
	reportScheduleId: string,
	environment: Environment,
	state: EmulatorState,
): StoredSchedule {
	const schedule = state.schedules.find(environment, reportScheduleId);
	if (!schedule) {
		throw notFound(`The report schedule with reportScheduleId '${reportScheduleId}' was not found.`);
	}
	return schedule;
}

export const reportScheduleOperations: Operation[] = [
	createReportSchedule,
	getReportSchedules,
	getReportScheduleById,
	cancelReportSchedule,
];
