// Reports the emulator knows, per environment. Processing status is derived from the clock
// whenever a report is read, so no timers run and an advanced clock takes effect at once.

import { randomInt, randomUUID } from 'node:crypto';

import type { Environment, ProcessingStatus } from './constants';
import { formatAmazonTime } from './dates';
import type { DocumentOptions } from './documents/documentStore';

/** A report as Amazon Pay returns it. */
export interface Report {
	reportId: string;
	reportType: string;
	startTime: string;
	endTime: string;
	createdTime: string;
	processingStatus: ProcessingStatus;
	processingStartTime: string;
	processingEndTime?: string;
	reportDocumentId?: string;
}

export interface StoredReport {
	environment: Environment;
	reportId: string;
	reportType: string;
	startTime: number;
	endTime: number;
	createdTime: number;
	processingStartTime: number;
	/** When processing ends; undefined keeps the report IN_PROGRESS for good. */
	processingEndTime: number | undefined;
	/** The status the report reaches when processing ends. */
	finalStatus: ProcessingStatus;
	reportDocumentId: string;
	/** How the report's document is made when it is downloaded. */
	document: DocumentOptions;
	/** Creation order, to keep newest-first stable when two reports share a createdTime. */
	sequence: number;
}

export interface NewReport {
	environment: Environment;
	reportType: string;
	startTime: number;
	endTime: number;
	createdTime: number;
	processingDelayMs: number | undefined;
	finalStatus?: ProcessingStatus;
	reportId?: string;
	reportDocumentId?: string;
	document?: DocumentOptions;
}

export interface ReportFilter {
	reportTypes?: string[];
	processingStatuses?: ProcessingStatus[];
	createdSince: number;
	createdUntil: number;
}

export class ReportStore {
	private readonly reportsById = new Map<string, StoredReport>();
	private sequence = 0;

	add(newReport: NewReport): StoredReport {
		const reportId = newReport.reportId ?? this.newReportId();
		if (this.reportsById.has(reportId)) throw new Error(`Report ${reportId} exists already`);

		const report: StoredReport = {
			environment: newReport.environment,
			reportId,
			reportType: newReport.reportType,
			startTime: newReport.startTime,
			endTime: newReport.endTime,
			createdTime: newReport.createdTime,
			processingStartTime: newReport.createdTime,
			processingEndTime:
				newReport.processingDelayMs === undefined
					? undefined
					: newReport.createdTime + newReport.processingDelayMs,
			finalStatus: newReport.finalStatus ?? 'COMPLETED',
			reportDocumentId: newReport.reportDocumentId ?? newReportDocumentId(),
			document: newReport.document ?? {},
			sequence: ++this.sequence,
		};
		this.reportsById.set(reportId, report);
		return report;
	}

	find(environment: Environment, reportId: string): StoredReport | undefined {
		const report = this.reportsById.get(reportId);
		return report?.environment === environment ? report : undefined;
	}

	findByDocumentId(environment: Environment, reportDocumentId: string): StoredReport | undefined {
		for (const report of this.reportsById.values()) {
			if (report.environment === environment && report.reportDocumentId === reportDocumentId) {
				return report;
			}
		}
		return undefined;
	}

	/** Newest first. */
	list(environment: Environment, filter: ReportFilter, now: number): StoredReport[] {
		return this.all().filter(
			(report) =>
				report.environment === environment &&
				report.createdTime >= filter.createdSince &&
				report.createdTime <= filter.createdUntil &&
				(!filter.reportTypes || filter.reportTypes.includes(report.reportType)) &&
				(!filter.processingStatuses ||
					filter.processingStatuses.includes(processingStatusAt(report, now))),
		);
	}

	/** Every environment, newest first. */
	all(): StoredReport[] {
		return [...this.reportsById.values()].sort(
			(a, b) => b.createdTime - a.createdTime || b.sequence - a.sequence,
		);
	}

	clear(): void {
		this.reportsById.clear();
	}

	private newReportId(): string {
		for (;;) {
			const reportId = String(randomInt(100_000_000_000, 1_000_000_000_000));
			if (!this.reportsById.has(reportId)) return reportId;
		}
	}
}

export function processingStatusAt(report: StoredReport, now: number): ProcessingStatus {
	if (report.processingEndTime === undefined || now < report.processingEndTime) {
		return 'IN_PROGRESS';
	}
	return report.finalStatus;
}

export function toApiReport(report: StoredReport, now: number): Report {
	const processingStatus = processingStatusAt(report, now);
	const apiReport: Report = {
		reportId: report.reportId,
		reportType: report.reportType,
		startTime: formatAmazonTime(report.startTime),
		endTime: formatAmazonTime(report.endTime),
		createdTime: formatAmazonTime(report.createdTime),
		processingStatus,
		processingStartTime: formatAmazonTime(report.processingStartTime),
	};

	if (processingStatus !== 'IN_PROGRESS' && report.processingEndTime !== undefined) {
		apiReport.processingEndTime = formatAmazonTime(report.processingEndTime);
	}
	if (processingStatus === 'COMPLETED') apiReport.reportDocumentId = report.reportDocumentId;
	return apiReport;
}

const DOCUMENT_SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

// Shaped like the document IDs Amazon's report services hand out; clients treat it as opaque.
function newReportDocumentId(): string {
	let suffix = '';
	for (let i = 0; i < 14; i++) suffix += DOCUMENT_SUFFIX_ALPHABET[randomInt(36)];
	return `amzn1.tortuga.4.na.${randomUUID()}.T${suffix}`;
}
