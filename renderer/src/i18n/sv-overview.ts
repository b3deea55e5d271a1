/** Swedish texts of Översikt: active alerts, totals, rates and health (spread into sv.ts). */
export const svOverview = {
  title: 'Översikt',
  system: 'System',
  version: 'Version',
  dataDir: 'Datakatalog',
  databasePath: 'Databas',
  schemaVersion: 'Schemaversion',
  startedAt: 'Startad',
  listen: 'Lyssnar på',
  lanAccess: 'Åtkomst från nätverket',
  activeHeading: 'Pågående larm',
  noAlertsTitle: 'Inga aktiva larm',
  noAlertsText: 'När ett larm startas visas utskicket och svaren här medan det pågår.',
  progressOf: 'Förlopp för {{title}}',
  alertEnded: 'Larmet {{title}} är inte längre igång: {{state}}.',
  updatedAt: 'Uppdaterad {{at}}. Siffrorna uppdateras när larm pågår och var 30:e sekund.',
  totals: {
    heading: 'I dag och i veckan',
    label: 'Larm i dag och denna vecka',
    figure: 'Siffra',
    today: 'I dag',
    week: 'Denna vecka',
    alerts: 'Larm',
    drills: 'varav övningar',
    recipients: 'Mottagare',
    confirmed: 'Bekräftelser',
    calls: 'Samtal',
    sms: 'Sms',
  },
  rates: {
    heading: 'Leverans och bekräftelse, 14 dagar',
    delivery: 'Leveransgrad',
    confirmation: 'Bekräftelsegrad',
    none: 'inga försök',
    chartFailed: 'Diagrammet kunde inte laddas. Siffrorna finns i tabellen: knappen Visa som tabell.',
    summary: 'Genomsnitt de senaste 14 dagarna: leveransgrad {{delivery}}, bekräftelsegrad {{confirmation}}.',
    tableHint: 'Siffrorna för varje dag finns i en tabell: knappen Visa som tabell.',
    showTable: 'Visa som tabell',
    hideTable: 'Dölj tabellen',
    tableLabel: 'Leverans och bekräftelse per dag, äldst först',
    day: 'Dag',
    alerts: 'Larm',
  },
  health: {
    heading: 'Driftläge',
    label: 'Driftläge för det GDial behöver',
    part: 'Del',
    state: 'Läge',
    detail: 'Vad som gäller',
    action: 'Gör så här',
    nothingToDo: 'Inget behöver göras.',
    keys: {
      carrier: 'Teleoperatör',
      uplink: 'Förbindelse',
      tunnel: 'Publik adress och tunnel',
      tts: 'Talsyntes',
      backup: 'Senaste säkerhetskopia',
    },
    states: { ok: 'OK', warn: 'Varning', error: 'Fel' },
    // By the engine's code; a code the console does not know shows the engine's own words.
    // The engine's figures and names (an error, an address, a time) arrive as params.
    codes: {
      carrier_simulator: {
        detail: 'Samtal och sms går till simulatorn: ingen riktig telefon ringer.',
        action: 'Välj Twilio under Inställningar, Operatör och Twilio, för skarpa larm.',
      },
      carrier_unconfigured: {
        detail: 'Twilio saknar konto-SID eller auth-token: larm väntar.',
        action: 'Ange konto-SID och auth-token under Inställningar, Operatör och Twilio.',
      },
      carrier_twilio: { detail: 'Twilio är inställt.' },
      uplink_down: {
        detail: 'Teleoperatören går inte att nå: larm väntar och skickas när förbindelsen är tillbaka.',
        action: 'Kontrollera nätverket och internetförbindelsen.',
      },
      uplink_up: { detail: 'Teleoperatören svarar.' },
      tunnel_error: {
        detail: 'Tunneln fungerar inte: {{error}}.',
        action: 'Kontrollera ngrok-token och domän under Inställningar, Publik adress och tunnel.' },
      tunnel_unhealthy: {
        detail: 'Den publika adressen svarar inte rätt: {{error}}.',
        action: 'Tryck Kontrollera nu under Inställningar, Publik adress och tunnel, och rätta adressen eller proxyn.' },
      tunnel_none: {
        detail: 'Ingen publik adress: tryck 1 kan inte registreras och status kommer med fördröjning.',
        action: 'Ange en publik adress eller slå på ngrok under Inställningar, Publik adress och tunnel.',
      },
      tts_fallback: {
        detail: 'Talsyntesen {{wanted}} fungerade inte; {{got}} läste meddelandet i stället.',
        action: 'Kontrollera talsyntesen under Inställningar, Tal (TTS), och lyssna på en mall.' },
      backup_failed: {
        detail: 'Senaste säkerhetskopieringen misslyckades: {{error}}.',
        action: 'Kontrollera säkerhetskopiornas katalog och diskutrymmet, och tryck Säkerhetskopiera nu.' },
      backup_none: { detail: 'Det finns ingen säkerhetskopia.', action: 'Tryck Säkerhetskopiera nu under Inställningar, Säkerhetskopior.' },
      backup_off: { detail: 'Automatiska säkerhetskopior är avstängda.', action: 'Ange hur ofta under Inställningar, Säkerhetskopior.' },
      tunnel_ok: { detail: 'Teleoperatören når GDial via {{url}}.' },
      tunnel_direct: { detail: 'Simulatorn når GDial direkt.' },
      tts_ok: { detail: 'Talsyntes: {{engine}}.' },
      backup_ok: { detail: 'Senaste säkerhetskopia {{at}}.' },
      backup_stale: {
        detail: 'Senaste säkerhetskopian är {{hours}} timmar gammal.',
        action: 'Tryck Säkerhetskopiera nu och kontrollera att GDial får skriva i katalogen.' },
    } as Record<string, { detail?: string; action?: string }>,
  },
};

export type OverviewMessages = typeof svOverview;
