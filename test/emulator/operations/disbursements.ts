// Get Disbursements.
// Docs: https://developer.amazon.com/docs/amazon-pay-api-v2/disbursement.html

import {
	GET_DISBURSEMENTS_DEFAULT_PAGE_SIZE,
	GET_DISBURSEMENTS_MAX_PAGE_SIZE,
} from '../constants';
import { toApiDisbursement } from '../disbursements';
import { badRequest } from '../errors';
import type { DisbursementCursor } from '../pageTokens';
import type { EmulatorState, Operation, OperationResponse } from '../state';
import { readTime, readWholeNumber, rejectUnknownQueryParameters } from './parameters';

const FILTER_PARAMETERS = ['startTime', 'endTime', 'pageSize'];

const getDisbursements: Operation = {
	method: 'GET',
	path: '/v2/disbursements',
	execute(request, state) {
		const { query } = request;
		rejectUnknownQueryParameters(query, [...FILTER_PARAMETERS, 'nextToken']);

		const pageSizeText = query.get('pageSize');
		const pageSize =
			pageSizeText === undefined
				? GET_DISBURSEMENTS_DEFAULT_PAGE_SIZE
				: readWholeNumber('pageSize', pageSizeText, 1, GET_DISBURSEMENTS_MAX_PAGE_SIZE);
		const startTimeText = query.get('startTime');
		const endTimeText = query.get('endTime');
		const startTime = startTimeText === undefined ? undefined : readTime('startTime', startTimeText);
		const endTime = endTimeText === undefined ? undefined : readTime('endTime', endTimeText);
		const filters: Record<string, string> = {
			startTime: String(startTime ?? ''),
			endTime: String(endTime ?? ''),
			pageSize: String(pageSize),
		};

		const nextToken = query.get('nextToken');
		if (nextToken !== undefined) {
			const cursor = state.disbursementPageTokens.redeem(nextToken);
			if (!cursor || cursor.environment !== request.environment) {
				throw badRequest('InvalidParameterValue', 'The nextToken is not valid or has expired.');
			}
			for (const name of FILTER_PARAMETERS) {
				if (query.has(name) && filters[name] !== cursor.filters[name]) {
					throw badRequest(
						'InvalidParameterCombination',
						`'${name}' differs from the request that issued the nextToken. Send nextToken ` +
							'alone, or with the same parameters.',
					);
				}
			}
			return page(cursor, state);
		}

		// The settlement date range is required: Amazon lists no disbursements without one.
		for (const [name, value] of [
			['startTime', startTime],
			['endTime', endTime],
		] as const) {
			if (value === undefined) {
				throw badRequest(
					'MissingParameterValue',
					`The query parameter '${name}' is missing. Send a UTC time like 20240801T000000Z.`,
				);
			}
		}
		if (endTime! <= startTime!) {
			throw badRequest('InvalidParameterValue', "'endTime' must be after 'startTime'.");
		}

		const cursor: DisbursementCursor = {
			environment: request.environment,
			disbursements: state.disbursements.list(request.environment, startTime!, endTime!),
			offset: 0,
			pageSize,
			filters,
		};
		return page(cursor, state);
	},
};

function page(cursor: DisbursementCursor, state: EmulatorState): OperationResponse {
	const end = cursor.offset + cursor.pageSize;
	const body: { disbursements: unknown[]; nextToken?: string } = {
		disbursements: cursor.disbursements.slice(cursor.offset, end).map(toApiDisbursement),
	};
	if (end < cursor.disbursements.length) {
		body.nextToken = state.disbursementPageTokens.issue({ ...cursor, offset: end });
	}
	return { status: 200, body };
}

export const disbursementOperations: Operation[] = [getDisbursements];
