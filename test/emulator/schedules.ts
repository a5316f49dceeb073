// Report schedules, one per report type and environment. Like report processing, a schedule's
// reports are made when the emulator is next asked anything: each creation time the clock has
// passed becomes one report, so advancing the clock by a week runs a week of schedules.

import { randomInt } from 'node:crypto';

import { REPORT_RETENTION_MS, type Environment } from './constants';
import { formatAmazonTime } from './dates';

/** A report schedule as Amazon Pay returns it. */
export interface ReportSchedule {
	reportScheduleId: string;
	reportType: string;
	scheduleFrequency: string;
	nextReportCreationTime: string;
}

export interface StoredSchedule {
	environment: Environment;
	reportScheduleId: string;
	reportType: string;
	scheduleFrequency: string;
	periodMs: number;
	nextReportCreationTime: number;
	sequence: number;
}

export interface DueCreation {
	schedule: StoredSchedule;
	/** When the report is created; it covers the period that ends then. */
	creationTime: number;
}

export class ScheduleStore {
	private readonly schedulesById = new Map<string, StoredSchedule>();
	private sequence = 0;

	add(input: Omit<StoredSchedule, 'reportScheduleId' | 'periodMs' | 'sequence'>): StoredSchedule {
		const schedule: StoredSchedule = {
			...input,
			reportScheduleId: this.newScheduleId(),
			periodMs: frequencyMs(input.scheduleFrequency),
			sequence: ++this.sequence,
		};
		this.schedulesById.set(schedule.reportScheduleId, schedule);
		return schedule;
	}

	find(environment: Environment, reportScheduleId: string): StoredSchedule | undefined {
		const schedule = this.schedulesById.get(reportScheduleId);
		return schedule?.environment === environment ? schedule : undefined;
	}

	findByType(environment: Environment, reportType: string): StoredSchedule | undefined {
		return this.list(environment).find((schedule) => schedule.reportType === reportType);
	}

	remove(schedule: StoredSchedule): void {
		this.schedulesById.delete(schedule.reportScheduleId);
	}

	/** In creation order; every environment when none is named. */
	list(environment?: Environment): StoredSchedule[] {
		return [...this.schedulesById.values()]
			.filter((schedule) => environment === undefined || schedule.environment === environment)
			.sort((a, b) => a.sequence - b.sequence);
	}

	/** Every creation time the clock has passed, oldest first; moves each schedule on. */
	takeDue(now: number): DueCreation[] {
		const due: DueCreation[] = [];
		for (const schedule of this.list()) {
			// Reports older than the retention period would be gone already: skip their creation.
			const oldestKept = now - REPORT_RETENTION_MS;
			if (schedule.nextReportCreationTime < oldestKept) {
				const skipped = Math.floor((oldestKept - schedule.nextReportCreationTime) / schedule.periodMs);
				schedule.nextReportCreationTime += skipped * schedule.periodMs;
			}
			while (schedule.nextReportCreationTime <= now) {
				due.push({ schedule, creationTime: schedule.nextReportCreationTime });
				schedule.nextReportCreationTime += schedule.periodMs;
			}
		}
		return due.sort((a, b) => a.creationTime - b.creationTime);
	}

	clear(): void {
		this.schedulesById.clear();
	}

	private newScheduleId(): string {
		for (;;) {
			const reportScheduleId = String(randomInt(10_000_000_000, 100_000_000_000));
			if (!this.schedulesById.has(reportScheduleId)) return reportScheduleId;
		}
	}
}

/** Milliseconds of an ISO 8601 duration of the days-hours-minutes kind (P2D, PT12H, PT5M). */
export function frequencyMs(frequency: string): number {
	const parts = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$/.exec(frequency);
	if (!parts || frequency === 'P' || frequency.endsWith('T')) {
		throw new Error(`'${frequency}' is not an ISO 8601 duration like PT5M or P1D`);
	}
	const [days, hours, minutes] = parts.slice(1, 4).map((part) => Number(part ?? 0));
	return ((days * 24 + hours) * 60 + minutes) * 60_000;
}

export function toApiSchedule(schedule: StoredSchedule): ReportSchedule {
	return {
		reportScheduleId: schedule.reportScheduleId,
		reportType: schedule.reportType,
		scheduleFrequency: schedule.scheduleFrequency,
		nextReportCreationTime: formatAmazonTime(schedule.nextReportCreationTime),
	};
}
