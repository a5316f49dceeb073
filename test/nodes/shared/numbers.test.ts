import { AmazonPayInputError } from '../../../nodes/shared/errors';
import { readNumber } from '../../../nodes/shared/numbers';

const limit = { field: 'Limit', min: 1, wholeNumber: true, example: 50 };
const timeout = { field: 'Timeout (Seconds)', min: 0, aboveMin: true, example: 30 };
const attempts = { field: 'Max Attempts', min: 1, max: 10, wholeNumber: true, example: 3 };

describe('readNumber', () => {
	it.each([
		[limit, 1, 1],
		[limit, 100000, 100000],
		[limit, '2', 2],
		[limit, ' 7 ', 7],
		[timeout, 0.5, 0.5],
		[attempts, 10, 10],
	])('accepts %j %j', (rule, value, expected) => {
		expect(readNumber(value, rule)).toBe(expected);
	});

	it.each([
		[limit, 0, 'The Limit "0" must be a whole number of at least 1.'],
		[limit, -5, 'The Limit "-5" must be a whole number of at least 1.'],
		[limit, 1.5, 'The Limit "1.5" must be a whole number of at least 1.'],
		[limit, '', 'The Limit "" must be a whole number of at least 1.'],
		[limit, 'ten', 'The Limit "ten" must be a whole number of at least 1.'],
		[limit, null, 'The Limit "null" must be a whole number of at least 1.'],
		[limit, Number.NaN, 'The Limit "NaN" must be a whole number of at least 1.'],
		[timeout, 0, 'The Timeout (Seconds) "0" must be a number above 0.'],
		[timeout, Infinity, 'The Timeout (Seconds) "Infinity" must be a number above 0.'],
		[attempts, 11, 'The Max Attempts "11" must be a whole number from 1 to 10.'],
		[attempts, 0, 'The Max Attempts "0" must be a whole number from 1 to 10.'],
	])('refuses %j %j, naming the field and an accepted value', (rule, value, message) => {
		let caught: unknown;
		try {
			readNumber(value, rule);
		} catch (error) {
			caught = error;
		}
		expect(caught).toBeInstanceOf(AmazonPayInputError);
		expect((caught as AmazonPayInputError).message).toBe(message);
		expect((caught as AmazonPayInputError).field).toBe(rule.field);
		expect((caught as AmazonPayInputError).hint).toBe(`For example ${rule.example}.`);
	});
});
