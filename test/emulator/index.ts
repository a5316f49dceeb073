export { startEmulator, type Emulator, type EmulatorOptions } from './server';
export {
	generateKeyPair,
	type EmulatorKey,
	type GeneratedKeyPair,
	type PublicKeyIdPrefix,
} from './keys';
export type { Report } from './reports';
export type { RequestLogEntry } from './state';
export type { FaultRule, FaultAction } from './faults';
export type { SeedReportInput } from './control';
export type { Environment, ProcessingStatus, Region } from './constants';
