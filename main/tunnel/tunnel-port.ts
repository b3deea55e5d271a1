/** One way for the carrier to reach the webhook receiver: an ngrok tunnel, the admin's own URL, or none. */

export interface TunnelPort {
  readonly mode: 'ngrok' | 'own_url' | 'none';
  /** The public base URL (no trailing slash), or null when the carrier cannot reach us. Rejects with an operator-readable message. */
  start(): Promise<string | null>;
  /** Safe to call at any time, twice, or while start() is still pending. */
  stop(): Promise<void>;
}

/** Webhook paths are appended to the base (`${base}/twilio/...`), so a trailing slash would double up. */
export const withoutTrailingSlash = (url: string): string => url.replace(/\/+$/, '');
