/**
 * Twilio's default keyword handling (the defaults of Advanced Opt-Out): a message that is exactly
 * one keyword, in any case, opts its sender out of the account's texts or back in, before and
 * whether or not the webhook accepts it. Anything else, "STOPP" or "stop please" included, is an
 * ordinary message: Swedish words are GDial's own business.
 */

export type OptOutType = 'STOP' | 'START' | 'HELP';

/** REVOKE and OPTOUT joined Twilio's defaults in 2025 (the FCC's revocation rules). */
const KEYWORDS = new Map<string, OptOutType>([
  ...['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPTOUT'].map((k) => [k, 'STOP'] as const),
  ...['START', 'YES', 'UNSTOP'].map((k) => [k, 'START'] as const),
  ...['HELP', 'INFO'].map((k) => [k, 'HELP'] as const),
]);

/** Twilio's standard replies to the keywords. */
export const AUTO_REPLIES: Record<OptOutType, string> = {
  STOP: 'You have successfully been unsubscribed. You will not receive any more messages from this number. Reply START to resubscribe.',
  START: 'You have successfully been re-subscribed to messages from this number. Reply HELP for help. Reply STOP to unsubscribe. Msg&Data Rates May Apply.',
  HELP: 'Reply STOP to unsubscribe. Msg&Data Rates May Apply.',
};

export function optOutType(body: string): OptOutType | null {
  return KEYWORDS.get(body.trim().toUpperCase()) ?? null;
}
