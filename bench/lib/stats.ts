export function median(values: number[]): number {
	if (values.length === 0) return NaN;
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Spread of repeated measurements as (max - min) / median, to show how noisy a row was. */
export function spread(values: number[]): number {
	if (values.length < 2) return 0;
	return (Math.max(...values) - Math.min(...values)) / median(values);
}

export function formatNumber(value: number, digits = 0): string {
	if (!Number.isFinite(value)) return 'n/a';
	return value.toLocaleString('en-US', {
		minimumFractionDigits: digits,
		maximumFractionDigits: digits,
	});
}

export function formatRatio(value: number): string {
	return Number.isFinite(value) ? `${value.toFixed(2)}x` : 'n/a';
}

export function formatPercent(value: number, digits = 1): string {
	return Number.isFinite(value) ? `${(value * 100).toFixed(digits)}%` : 'n/a';
}

export function formatMs(value: number): string {
	if (!Number.isFinite(value)) return 'n/a';
	if (value >= 10_000) return `${(value / 1000).toFixed(1)} s`;
	if (value >= 100) return `${Math.round(value)} ms`;
	return `${value.toFixed(2)} ms`;
}

export function formatMegabytes(bytes: number): string {
	return Number.isFinite(bytes) ? `${(bytes / 1024 / 1024).toFixed(1)} MiB` : 'n/a';
}

export function quantile(values: number[], share: number): number {
	const sorted = [...values].sort((a, b) => a - b);
	const position = (sorted.length - 1) * share;
	const below = Math.floor(position);
	const above = Math.min(sorted.length - 1, below + 1);
	return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
}

/** Interquartile range over the median: the noise of repeated measurements, outliers aside. */
export function interquartileSpread(values: number[]): number {
	if (values.length < 4) return spread(values);
	return (quantile(values, 0.75) - quantile(values, 0.25)) / median(values);
}
