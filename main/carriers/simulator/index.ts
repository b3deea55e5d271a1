/** The Twilio-compatible simulator: GDial's default carrier and every test's carrier peer. */
export { startSimulator, type Simulator, type SimulatorOptions } from './simulator';
export {
  defaultSimulatorConfig,
  simulatorConfigSchema,
  DEFAULT_ACCOUNT_SID,
  DEFAULT_AUTH_TOKEN,
  type SimulatorConfig,
  type SimulatorConfigPatch,
  type NumberScript,
  type CallOutcome,
  type SmsOutcome,
} from './config';
export { countSegments, type SegmentCount, type SmsEncoding } from '../../contract/sms-segments';
export type { InboundSms } from './inbound';
export type { OptOutType } from './opt-out';
export type {
  Channel,
  CreateRecord,
  CallbackRecord,
  TwimlRecord,
  ActionRecord,
  InboundRecord,
  SimulatorRecords,
} from './records';
