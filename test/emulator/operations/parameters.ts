// Reading and checking request bodies and query parameters, with Amazon's reason codes.

import { parseAmazonTime } from '../dates';
import { badRequest } from '../errors';

export function parseJsonObject(body: Buffer): Record<string, unknown> {
	let parsed: unknown;
	try {
		parsed = JSON.parse(body.toString('utf8'));
	} catch {
		throw badRequest('InvalidRequestFormat', 'The request body is not valid JSON.');
	}
	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
		throw badRequest('InvalidRequestFormat', 'The request body must be a JSON object.');
	}
	return parsed as Record<string, unknown>;
}

export function rejectUnknownFields(body: Record<string, unknown>, known: string[]): void {
	const unknown = Object.keys(body).find((field) => !known.includes(field));
	if (unknown !== undefined) {
		throw badRequest(
			'UnrecognizedField',
			`The field '${unknown}' is not recognised. Allowed fields: ${known.join(', ')}.`,
		);
	}
}

export function requireString(body: Record<string, unknown>, field: string): string {
	const value = body[field];
	if (value === undefined || value === null || value === '') {
		throw badRequest('MissingParameterValue', `The field '${field}' is missing.`);
	}
	if (typeof value !== 'string') {
		throw badRequest('InvalidParameterValue', `The field '${field}' must be a string.`);
	}
	return value;
}

export function readTime(name: string, text: string): number {
	const ms = parseAmazonTime(text, { allowMillis: true });
	if (ms === undefined) {
		throw badRequest(
			'InvalidParameterValue',
			`The value '${text}' of '${name}' is not a UTC time like 20221118T150630Z.`,
		);
	}
	return ms;
}

export function readList<T extends string>(
	name: string,
	text: string | undefined,
	allowed: readonly T[],
): T[] | undefined {
	if (text === undefined) return undefined;

	const items = text.split(',').map((item) => item.trim());
	const invalid = items.find((item) => !allowed.includes(item as T));
	if (invalid !== undefined) {
		throw badRequest('InvalidParameterValue', `'${invalid}' is not a valid value of '${name}'.`);
	}
	return items as T[];
}

export function readWholeNumber(name: string, text: string, min: number, max: number): number {
	const value = /^\d+$/.test(text) ? Number(text) : NaN;
	if (!(value >= min && value <= max)) {
		throw badRequest(
			'InvalidParameterValue',
			`The value '${text}' of '${name}' must be a whole number from ${min} to ${max}.`,
		);
	}
	return value;
}

export function rejectUnknownQueryParameters(query: Map<string, string>, known: string[]): void {
	const unknown = [...query.keys()].find((name) => !known.includes(name));
	if (unknown !== undefined) {
		throw badRequest(
			'InvalidParameterValue',
			`The query parameter '${unknown}' is not recognised. Allowed: ${known.join(', ')}.`,
		);
	}
}
