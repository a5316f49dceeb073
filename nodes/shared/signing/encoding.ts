// Strict RFC 3986 percent-encoding: only unreserved characters stay raw. encodeURIComponent
// also leaves !*'() raw, which the Java and .NET SDKs (and so Amazon's check) encode.
export function encodeRfc3986(value: string): string {
	return encodeURIComponent(toWellFormed(value)).replace(
		/[!'()*]/g,
		(character) => '%' + character.charCodeAt(0).toString(16).toUpperCase(),
	);
}

// A lone surrogate (half of an emoji, cut by an expression) has no UTF-8 form: encoders on the
// wire send U+FFFD for it, so the signed query must too. encodeURIComponent would throw instead.
function toWellFormed(value: string): string {
	return value.replace(
		/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
		'\uFFFD',
	);
}

export type QueryScalar = string | number | boolean;
/** One value, or several for a parameter that is repeated (`a=1&a=2`). */
export type QueryValue = QueryScalar | readonly QueryScalar[];

/**
 * Query parameters with empty values dropped, in the order Amazon signs them: by name, then by
 * value, so that a repeated parameter keeps every one of its values.
 */
export function getCanonicalQuery(query: Record<string, QueryValue | undefined> = {}): string {
	return Object.keys(query)
		.flatMap((name) => toList(query[name]).map((value) => [name, value] as const))
		.filter(([, value]) => value !== undefined && value !== '')
		.map(([name, value]) => [encodeRfc3986(name), encodeRfc3986(String(value))])
		.sort(([nameA, valueA], [nameB, valueB]) =>
			nameA === nameB ? compare(valueA, valueB) : compare(nameA, nameB),
		)
		.map(([name, value]) => `${name}=${value}`)
		.join('&');
}

function toList(value: QueryValue | undefined): ReadonlyArray<QueryScalar | undefined> {
	return Array.isArray(value) ? value : [value as QueryScalar | undefined];
}

function compare(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}
