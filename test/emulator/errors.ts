// Every error the emulator answers has Amazon's shape: JSON {reasonCode, message}.

export class AmazonPayError extends Error {
	constructor(
		readonly status: number,
		readonly reasonCode: string,
		message: string,
		readonly headers: Record<string, string> = {},
	) {
		super(message);
	}

	toBody(): { reasonCode: string; message: string } {
		return { reasonCode: this.reasonCode, message: this.message };
	}
}

export const badRequest = (reasonCode: string, message: string) =>
	new AmazonPayError(400, reasonCode, message);

export const unauthorized = (reasonCode: string, message: string) =>
	new AmazonPayError(401, reasonCode, message);

export const notFound = (message: string) => new AmazonPayError(404, 'ResourceNotFound', message);

// Reason codes for statuses that fault rules inject, as Amazon names them.
const DEFAULT_REASON_CODES: Record<number, string> = {
	400: 'InvalidRequest',
	401: 'UnauthorizedAccess',
	403: 'UnauthorizedAccess',
	404: 'ResourceNotFound',
	408: 'RequestTimeout',
	425: 'TooEarly',
	429: 'TooManyRequests',
	500: 'InternalServerError',
	502: 'BadGateway',
	503: 'ServiceUnavailable',
	504: 'GatewayTimeout',
};

export function defaultReasonCode(status: number): string {
	return DEFAULT_REASON_CODES[status] ?? (status >= 500 ? 'InternalServerError' : 'InvalidRequest');
}
