export { startEmulator, type Emulator, type EmulatorOptions } from './server';
export {
	generateKeyPair,
	type EmulatorKey,
	type GeneratedKeyPair,
	type PublicKeyIdPrefix,
} from './keys';
export type { Report } from './reports';
export type { ReportSchedule } from './schedules';
export type {
	Disbursement,
	GenerateDisbursementsInput,
	SeedDisbursementInput,
	SeedDisbursementsInput,
} from './disbursements';
export type { CompressionAlgorithm } from './documents/documentStore';
export type { RequestLogEntry, RuntimeOptions } from './state';
export type { FaultRule, FaultAction } from './faults';
export type { ThrottleSettings } from './throttle';
export type { SeedReportInput } from './control';
export type { Environment, ProcessingStatus, Region } from './constants';
