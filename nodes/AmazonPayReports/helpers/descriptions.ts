import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { REPORT_TYPES } from '../../shared/reportTypes';

export const REPORT_STATUSES: INodePropertyOptions[] = [
	{ name: 'In Progress', value: 'IN_PROGRESS' },
	{ name: 'Completed', value: 'COMPLETED' },
	{ name: 'Failed', value: 'FAILED' },
	{ name: 'Cancelled', value: 'CANCELLED', description: 'Also when the period had no data' },
];

export function reportTypeOptions(purpose?: 'create' | 'schedule'): INodePropertyOptions[] {
	return REPORT_TYPES.filter((type) =>
		purpose === 'create'
			? !type.notCreatableBecause
			: purpose === 'schedule'
				? !type.notSchedulableBecause
				: true,
	).map((type) => ({ name: type.name, value: type.value, description: type.description }));
}

/** Return All and Limit, as every n8n list operation shows them. */
export const returnAllOrLimit: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
];

// "Report schedules" in the Amazon Pay API v2 docs: the frequencies Amazon accepts.
export const SCHEDULE_FREQUENCIES: INodePropertyOptions[] = [
	['PT5M', 'Every 5 Minutes'],
	['PT15M', 'Every 15 Minutes'],
	['PT30M', 'Every 30 Minutes'],
	['PT1H', 'Every Hour'],
	['PT2H', 'Every 2 Hours'],
	['PT4H', 'Every 4 Hours'],
	['PT8H', 'Every 8 Hours'],
	['PT12H', 'Every 12 Hours'],
	['PT24H', 'Every 24 Hours'],
	['PT84H', 'Every 84 Hours (Twice a Week)'],
	['P1D', 'Daily'],
	['P2D', 'Every 2 Days'],
	['P3D', 'Every 3 Days'],
	['P7D', 'Weekly'],
	['P14D', 'Every 14 Days'],
	['P15D', 'Every 15 Days'],
	['P18D', 'Every 18 Days'],
	['P30D', 'Every 30 Days'],
].map(([value, name]) => ({ name, value, description: value }));
