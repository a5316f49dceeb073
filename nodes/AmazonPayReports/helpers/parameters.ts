import type { IExecuteFunctions } from 'n8n-workflow';

import { readDate } from '../../shared/dates';
import { AmazonPayInputError } from '../../shared/errors';
import { readNumber } from '../../shared/numbers';

/** A date parameter as an instant; values without an offset are in the workflow's time zone. */
export function getDateParameter(
	context: IExecuteFunctions,
	name: string,
	itemIndex: number,
	field: string,
): Date {
	return readDate(context.getNodeParameter(name, itemIndex), {
		field,
		timeZone: context.getTimezone(),
	});
}

export function getIdParameter(
	context: IExecuteFunctions,
	name: string,
	itemIndex: number,
	field: string,
	example: string,
): string {
	const value = String(context.getNodeParameter(name, itemIndex, '') ?? '').trim();
	if (value === '') {
		throw new AmazonPayInputError(field, `The ${field} is empty.`, `For example ${example}.`);
	}
	return value;
}

/** Get Many's Limit: how many results at most, whatever page size Amazon Pay uses. */
export function getLimitParameter(context: IExecuteFunctions, itemIndex: number): number {
	return readNumber(context.getNodeParameter('limit', itemIndex), {
		field: 'Limit',
		min: 1,
		wholeNumber: true,
		example: 50,
	});
}
