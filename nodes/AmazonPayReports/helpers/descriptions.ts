import type { INodePropertyOptions } from 'n8n-workflow';

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
