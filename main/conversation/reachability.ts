/**
 * Whether a carrier can reach us, and so how a call runs: with a healthy public URL (or the
 * simulator on this machine) calls fetch TwiML, press 1 is heard and status comes by callback;
 * otherwise TwiML travels inline and status is polled. The pre-flight says which, before launch.
 */
import type { AlertDraft, Preflight, WebhookStatus } from '../contract';
import type { CarrierPort } from '../carriers/carrier-port';
import type { PublicUrl } from '../tunnel/public-url';

/** A public URL checked this recently is not checked again before a pre-flight or an alert's first calls. */
export const PUBLIC_URL_FRESH_MS = 30_000;

export class Reachability {
  constructor(
    private readonly d: {
      publicUrl: PublicUrl;
      /** The loopback receiver's own URL (what a carrier on this machine uses). */
      listening: () => string;
      live: CarrierPort;
      /** The carrier drills use when it is not the live one. */
      drill: CarrierPort | null;
      liveConfigured: () => boolean;
    },
  ) {}

  /** The base a carrier is given for webhooks, or null (inline TwiML and polling). */
  callbackBase(carrier: CarrierPort): string | null {
    const base = this.d.publicUrl.base();
    const health = this.d.publicUrl.status().health;
    // Not yet checked counts as usable; a failed check does not, until a check passes again.
    if (base && (health === null || health.ok)) return base;
    return carrier.local ? this.d.listening() : null;
  }

  status(): WebhookStatus {
    const reachable = this.callbackBase(this.d.live) !== null;
    return { ...this.d.publicUrl.status(), statusMode: reachable ? 'callbacks' : 'polling', pressToConfirm: reachable };
  }

  /** What the pre-flight must say about reaching people, after checking a stale public URL. */
  async warnings(draft: Pick<AlertDraft, 'channels' | 'drill'>): Promise<Preflight['warnings']> {
    const carrier = draft.drill && this.d.drill ? this.d.drill : this.d.live;
    const warnings: Preflight['warnings'] = [];
    if (carrier === this.d.live && !this.d.liveConfigured()) {
      warnings.push({ code: 'carrier_unconfigured', text: 'Twilio saknar konto-SID eller token: larmet väntar tills det är inställt' });
    }
    if (this.d.publicUrl.base()) {
      const health = await this.d.publicUrl.checkIfStale(PUBLIC_URL_FRESH_MS);
      if (health && !health.ok) {
        warnings.push({
          code: 'public_url_unhealthy',
          text: `Den publika adressen svarar inte rätt: ${health.error ?? 'okänt fel'}`,
          params: { error: health.error ?? '' },
        });
      }
    }
    if (draft.channels.includes('voice') && this.callbackBase(carrier) === null) {
      warnings.push({
        code: 'press_to_confirm_unavailable',
        text: 'Ingen publik adress: samtalen spelar meddelandet men tryck 1 kan inte registreras (den som svarar rings inte igen); status hämtas från operatören',
      });
    }
    return warnings;
  }
}
