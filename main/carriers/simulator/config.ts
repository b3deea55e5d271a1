/** What the simulated phone network does, validated once: a bad knob is refused, never half-applied. */
import { z } from 'zod';

const rate = z.number().min(0).max(1);
const ms = z.number().int().min(0);
const range = z
  .object({ min: ms, max: ms })
  .refine((r) => r.min <= r.max, { message: 'min must not exceed max' });

/** Twilio's error codes for numbers it refuses at create time, with the message Twilio gives. */
export const REJECT_MESSAGES: Record<number, string> = {
  21211: "The 'To' number is not a valid phone number.",
  21214: "'To' phone number cannot be reached.",
  21610: 'Attempt to send to unsubscribed recipient',
  21612: "The 'To' phone number is not currently reachable via SMS or voice.",
  21614: "'To' number is not a valid mobile number",
};

export const callOutcomes = ['answer', 'busy', 'no-answer', 'voicemail', 'failed'] as const;
export type CallOutcome = (typeof callOutcomes)[number];
export const smsOutcomes = ['delivered', 'undelivered', 'failed'] as const;
export type SmsOutcome = (typeof smsOutcomes)[number];

/** One recipient's fate, fixed by the test instead of drawn from the rates. */
export const numberScriptSchema = z.strictObject({
  outcome: z.enum(callOutcomes).optional(),
  /** Keys pressed at a <Gather>; '' presses nothing. */
  digits: z.string().regex(/^[0-9*#]*$/).optional(),
  sms: z.enum(smsOutcomes).optional(),
  smsErrorCode: z.number().int().optional(),
});
export type NumberScript = z.infer<typeof numberScriptSchema>;

export const simulatorConfigSchema = z.strictObject({
  /** Twilio's form: AC and 32 lower-case hex digits. */
  accountSid: z.string().regex(/^AC[0-9a-f]{32}$/),
  authToken: z.string().min(8),
  /** Seeds every random draw; the same seed and the same requests give the same fates. */
  seed: z.number().int(),
  /** Delay of each network step (create → initiated, callback to callback, digit press). */
  latencyMs: range,
  /**
   * How long a create takes to be answered after the carrier made it (Twilio: a few hundred ms).
   * A client that dies meanwhile never learns the SID: the create is in doubt.
   */
  createAnswerMs: range,
  ringMs: range,
  /** Time each <Say> or <Play> takes to be heard. */
  talkMs: range,
  /** Multiplies <Pause length> and <Gather timeout> (seconds → ms); 0 makes them instant. */
  timeScale: z.number().min(0),
  /** Relative weights, normalised when drawn. */
  outcomes: z.strictObject({ answer: rate, busy: rate, noAnswer: rate, voicemail: rate, failed: rate }),
  /** Relative weights of the keys a person presses at a <Gather>; '' means nothing. */
  dtmf: z.record(z.string().regex(/^[0-9*#]*$/), z.number().min(0)),
  sms: z.strictObject({
    delivered: rate,
    undelivered: rate,
    failed: rate,
    errorCodes: z.array(z.number().int()).min(1),
  }),
  scripts: z.record(z.string(), numberScriptSchema),
  faults: z.strictObject({
    rate429: rate,
    retryAfterS: z.number().int().min(0),
    rate500: rate,
    /** Share of the 500s where the resource had been created anyway (Twilio error 20500 allows both). */
    createdBefore500Rate: rate,
    /** Created, but the HTTP answer never comes: the socket stays open until the client gives up. */
    rateTimeout: rate,
  }),
  /** Numbers Twilio refuses at create, with the error code (21211, 21214, 21610, 21612, 21614, …). */
  rejectNumbers: z.record(z.string(), z.number().int()),
  chaos: z.strictObject({ duplicateRate: rate, reorderRate: rate, dropRate: rate }),
  /** Like a Twilio account's limits; 0 turns a limit off. Exceeding one answers 429 (see `queue`). */
  limits: z.strictObject({
    callsPerSecond: z.number().min(0),
    messagesPerSecond: z.number().min(0),
    maxConcurrentCalls: z.number().int().min(0),
  }),
  /**
   * Twilio's account queue: creates beyond the per-second limits are accepted (201, `queued`)
   * and held, with no `start_time` / `date_sent`, until their turn comes. Off: they get a 429.
   */
  queue: z.strictObject({ enabled: z.boolean() }),
  /** How long a webhook receiver may take before the simulator gives up, as Twilio does (15 s). */
  webhookTimeoutMs: z.number().int().min(1),
  /** A TwiML loop (Redirect to itself) must not spin forever. */
  maxTwimlSteps: z.number().int().min(1),
});
export type SimulatorConfig = z.infer<typeof simulatorConfigSchema>;

/** A well-formed account SID (AC + 32 hex digits) that no real Twilio account will have. */
export const DEFAULT_ACCOUNT_SID = 'AC0000000000000000000000000000d1a1';
export const DEFAULT_AUTH_TOKEN = 'gdialsimulatorauthtoken000000000';

export const defaultSimulatorConfig = (): SimulatorConfig => ({
  accountSid: DEFAULT_ACCOUNT_SID,
  authToken: DEFAULT_AUTH_TOKEN,
  seed: 1,
  latencyMs: { min: 100, max: 600 },
  createAnswerMs: { min: 0, max: 0 },
  ringMs: { min: 2_000, max: 9_000 },
  talkMs: { min: 1_500, max: 4_000 },
  timeScale: 1,
  outcomes: { answer: 0.8, busy: 0.05, noAnswer: 0.1, voicemail: 0.04, failed: 0.01 },
  dtmf: { '1': 0.85, '2': 0.05, '': 0.1 },
  sms: { delivered: 0.97, undelivered: 0.02, failed: 0.01, errorCodes: [30003, 30005, 30006] },
  scripts: {},
  faults: { rate429: 0, retryAfterS: 1, rate500: 0, createdBefore500Rate: 0.5, rateTimeout: 0 },
  rejectNumbers: {},
  chaos: { duplicateRate: 0, reorderRate: 0, dropRate: 0 },
  limits: { callsPerSecond: 0, messagesPerSecond: 0, maxConcurrentCalls: 0 },
  queue: { enabled: false },
  webhookTimeoutMs: 15_000,
  maxTwimlSteps: 100,
});

/** Groups of knobs merge key by key; maps (scripts, rejectNumbers, dtmf) and scalars are replaced whole. */
const MERGED_GROUPS = ['latencyMs', 'createAnswerMs', 'ringMs', 'talkMs', 'outcomes', 'sms', 'faults', 'chaos', 'limits', 'queue'] as const;

export type SimulatorConfigPatch = {
  [K in keyof SimulatorConfig]?: K extends (typeof MERGED_GROUPS)[number]
    ? Partial<SimulatorConfig[K]>
    : SimulatorConfig[K];
};

export class ConfigError extends Error {}

/** Applies a patch and validates the result; throws a ZodError (and changes nothing) on bad input. */
export function mergeConfig(base: SimulatorConfig, patch: unknown): SimulatorConfig {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) {
    throw new ConfigError('A simulator config patch must be a JSON object');
  }
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    const current = merged[key];
    const isGroup = (MERGED_GROUPS as readonly string[]).includes(key);
    merged[key] =
      isGroup && typeof value === 'object' && value !== null && typeof current === 'object'
        ? { ...current, ...value }
        : value;
  }
  return simulatorConfigSchema.parse(merged);
}
