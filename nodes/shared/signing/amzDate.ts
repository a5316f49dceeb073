/** The compact UTC form Amazon Pay uses for report times: `20240101T000000Z`. */
export function toCompactUtc(date: Date): string {
	return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/**
 * The `x-amz-pay-date` value. Amazon accepts the compact form too; the extended one is what
 * every official SDK sends, so it is the form most proven against the live service.
 */
export function toAmzPayDate(date: Date): string {
	return date.toISOString().replace(/\.\d{3}/, '');
}
