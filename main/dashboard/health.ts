/**
 * Whether everything GDial needs is working, each with what to do when it is not. Codes are
 * stable and the figures travel as params, so the console can translate; detail and action are
 * the engine's Swedish fallback.
 */
import type { BackupEntry, CarrierKind, HealthItem, Settings, WebhookStatus } from '../contract';

export interface HealthSources {
  settings: Settings;
  /** Where live alerts go now: the carrier chosen at start (a changed setting waits for a restart). */
  liveCarrier: CarrierKind;
  /** Twilio with an account SID and token (or the simulator). */
  carrierConfigured: boolean;
  waitingForUplink: boolean;
  webhooks: WebhookStatus;
  /** The last time speech fell back from the chosen engine. */
  ttsFallback: { at: number; wanted: string; got: string } | null;
  lastBackup: BackupEntry | null;
  backupError: string | null;
  /** PostgreSQL: backups are the database's own (pg_dump, PITR) and GDial makes none. */
  backupsByDatabase?: boolean;
  /** Inbound alarm sources that send heartbeats (integrations/triggers): how many, and the silent ones' names. */
  triggerSources?: { total: number; silent: string[] };
  now: number;
}

const HOUR = 3_600_000;

type Params = NonNullable<HealthItem['params']>;

function item(key: HealthItem['key'], state: HealthItem['state'], code: string, detail: string, action: string | null = null, params?: Params): HealthItem {
  return { key, state, code, detail, action, ...(params ? { params } : {}) };
}

export function healthOf(h: HealthSources): HealthItem[] {
  const items = [carrier(h), uplink(h), tunnel(h), tts(h), backup(h)];
  return h.triggerSources && h.triggerSources.total > 0 ? [...items, sources(h.triggerSources)] : items;
}

/** A source that promised heartbeats and went quiet may be down: its alarms would not arrive. */
function sources(s: { total: number; silent: string[] }): HealthItem {
  if (s.silent.length > 0) {
    const names = s.silent.join(', ');
    return item('sources', 'warn', 'sources.silent', `Källor som har tystnat (inga hjärtslag): ${names}`, 'Kontrollera att systemen som skickar larm är igång och når GDial (Integrationer → Källor)', {
      names,
      count: s.silent.length,
    });
  }
  return item('sources', 'ok', 'sources.ok', `Alla källor hör av sig (${s.total})`, null, { count: s.total });
}

function carrier(h: HealthSources): HealthItem {
  if (h.liveCarrier === 'simulator') {
    return item('carrier', 'warn', 'carrier.simulator', 'Samtal och SMS går till simulatorn: ingen riktig telefon ringer', 'Välj Twilio under Inställningar → Operatör och Twilio för skarpa larm');
  }
  if (!h.carrierConfigured) {
    return item('carrier', 'error', 'carrier.unconfigured', 'Twilio saknar konto-SID eller auth token: larm väntar', 'Ange konto-SID och auth token under Inställningar → Operatör och Twilio');
  }
  return item('carrier', 'ok', 'carrier.twilio', 'Twilio är inställt');
}

function uplink(h: HealthSources): HealthItem {
  if (h.waitingForUplink) {
    return item('uplink', 'error', 'uplink.down', 'Operatören går inte att nå: larm väntar och skickas när förbindelsen är tillbaka', 'Kontrollera nätverket och internetförbindelsen');
  }
  return item('uplink', 'ok', 'uplink.up', 'Operatören svarar');
}

function tunnel(h: HealthSources): HealthItem {
  const w = h.webhooks;
  if (w.tunnelState === 'error') {
    const error = w.tunnelError ?? 'okänt fel';
    return item('tunnel', 'error', 'tunnel.error', `Tunneln fungerar inte: ${error}`, 'Kontrollera ngrok-token och domän under Inställningar → Publik adress och tunnel', { error });
  }
  if (w.health && !w.health.ok) {
    const error = w.health.error ?? '';
    return item('tunnel', 'error', 'tunnel.unhealthy', `Den publika adressen svarar inte rätt: ${error}`, 'Tryck Kontrollera nu under Inställningar → Publik adress och tunnel och rätta adressen eller proxyn', { error });
  }
  if (!w.pressToConfirm) {
    return item('tunnel', 'warn', 'tunnel.none', 'Ingen publik adress: tryck 1 kan inte registreras och status hämtas med fördröjning', 'Ange en publik adress eller slå på ngrok under Inställningar → Publik adress och tunnel');
  }
  if (!w.publicUrl) return item('tunnel', 'ok', 'tunnel.direct', 'Simulatorn når GDial direkt');
  return item('tunnel', 'ok', 'tunnel.ok', `Operatören når GDial via ${w.publicUrl}`, null, { url: w.publicUrl });
}

function tts(h: HealthSources): HealthItem {
  const f = h.ttsFallback;
  if (f && h.now - f.at < HOUR) {
    return item('tts', 'warn', 'tts.fallback', `Talsyntesen ${f.wanted} fungerade inte; ${f.got} läste meddelandet i stället`, 'Kontrollera talsyntesen under Inställningar → Tal och lyssna på en mall', {
      wanted: f.wanted,
      got: f.got,
    });
  }
  return item('tts', 'ok', 'tts.ok', `Talsyntes: ${h.settings.ttsEngine}`, null, { engine: h.settings.ttsEngine });
}

function backup(h: HealthSources): HealthItem {
  if (h.backupsByDatabase) {
    return item('backup', 'ok', 'backup.postgres_own', 'PostgreSQL: säkerhetskopior görs med databasens egna verktyg (pg_dump, PITR)');
  }
  const every = h.settings.backupEveryHours;
  if (h.backupError) {
    return item('backup', 'error', 'backup.failed', `Senaste säkerhetskopieringen misslyckades: ${h.backupError}`, 'Kontrollera säkerhetskopiornas mapp och diskutrymme, och tryck Säkerhetskopiera nu', {
      error: h.backupError,
    });
  }
  if (!h.lastBackup) {
    return item('backup', every === 0 ? 'error' : 'warn', 'backup.none', 'Det finns ingen säkerhetskopia', 'Tryck Säkerhetskopiera nu under Inställningar → Säkerhetskopior');
  }
  const age = h.now - Date.parse(h.lastBackup.at);
  if (every === 0) {
    return item('backup', 'warn', 'backup.off', 'Automatiska säkerhetskopior är avstängda', 'Ange hur ofta under Inställningar → Säkerhetskopior');
  }
  if (age > 2 * every * HOUR) {
    const hours = Math.round(age / HOUR);
    return item('backup', 'error', 'backup.stale', `Senaste säkerhetskopian är ${hours} timmar gammal`, 'Tryck Säkerhetskopiera nu och kontrollera att GDial får skriva i mappen', { hours });
  }
  return item('backup', 'ok', 'backup.ok', `Senaste säkerhetskopia ${h.lastBackup.at}`, null, { at: h.lastBackup.at });
}
