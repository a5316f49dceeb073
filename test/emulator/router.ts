// Picks the operation for a path. Operations of each resource live in operations/; adding a
// resource means adding its list here.

import type { Environment } from './constants';
import { AmazonPayError, badRequest, notFound } from './errors';
import { disbursementOperations } from './operations/disbursements';
import { reportDocumentOperations } from './operations/reportDocuments';
import { reportOperations } from './operations/reports';
import { reportScheduleOperations } from './operations/reportSchedules';
import { percentDecode } from './request';
import type { Operation } from './state';

const OPERATIONS: Operation[] = [
	...reportOperations,
	...reportDocumentOperations,
	...reportScheduleOperations,
	...disbursementOperations,
];

export interface ParsedPath {
	/** The /live or /sandbox segment, when present. */
	environment?: Environment;
	/** The rest of the path, starting at the version: /v2/reports. */
	apiPath: string;
}

export function parsePath(rawPath: string): ParsedPath {
	const environmentSegment = /^\/(live|sandbox)(\/.*)$/.exec(rawPath);
	if (environmentSegment) {
		return { environment: environmentSegment[1] as Environment, apiPath: environmentSegment[2] };
	}
	return { apiPath: rawPath };
}

/** Refuses paths that cannot reach any operation, before the signature is looked at. */
export function checkApiVersion(apiPath: string): void {
	const version = /^\/(v\d+)(?:\/|$)/.exec(apiPath);
	if (!version) throw notFound(`No Amazon Pay API path matches ${apiPath}`);
	if (version[1] !== 'v2') {
		throw badRequest('InvalidAPIVersion', `API version '${version[1]}' is not supported: use v2`);
	}
}

export function findOperation(
	method: string,
	apiPath: string,
): { operation: Operation; pathParameters: Record<string, string> } {
	for (const operation of OPERATIONS) {
		if (operation.method !== method) continue;
		const pathParameters = matchPath(operation.path, apiPath);
		if (pathParameters) return { operation, pathParameters };
	}

	const pathKnown = OPERATIONS.some((operation) => matchPath(operation.path, apiPath));
	if (pathKnown) {
		throw new AmazonPayError(405, 'InvalidRequest', `${method} is not allowed on ${apiPath}`);
	}
	throw notFound(`No Amazon Pay Reports operation matches ${method} ${apiPath}`);
}

function matchPath(template: string, apiPath: string): Record<string, string> | undefined {
	const templateSegments = template.split('/');
	const pathSegments = apiPath.split('/');
	if (templateSegments.length !== pathSegments.length) return undefined;

	const pathParameters: Record<string, string> = {};
	for (let i = 0; i < templateSegments.length; i++) {
		const placeholder = /^\{(\w+)\}$/.exec(templateSegments[i]);
		if (placeholder && pathSegments[i] !== '') {
			pathParameters[placeholder[1]] = percentDecode(pathSegments[i]).toString('utf8');
		} else if (templateSegments[i] !== pathSegments[i]) {
			return undefined;
		}
	}
	return pathParameters;
}
