/** The compact UTC form Amazon Pay uses everywhere: `20240101T000000Z`. */
export function toCompactUtc(date: Date): string {
	return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}
