/**
 * GDial's one vocabulary: the word for each state, reason and event, in Swedish and English.
 * Plain data, so the console (as i18next resources, through @contract) and the engine's exports
 * (CSV, JSON, PDF) print the very same word; nothing else keeps a copy. The engine sends codes
 * with parameters, never words; `{{name}}` is a parameter, as in i18next.
 */
/** 'sv' | 'en', as common.ts's Language (kept free of imports so it stays plain data). */
export type VocabularyLanguage = 'sv' | 'en';

/** Swedish first, English second. */
type Words = readonly [sv: string, en: string];
type Table<K extends string> = Readonly<Record<K, Words>>;

export const alertStateWords: Table<'pending_approval' | 'queued' | 'running' | 'completed' | 'canceled' | 'expired'> = {
  pending_approval: ['Väntar på godkännande', 'Awaiting approval'],
  queued: ['Köad', 'Queued'],
  running: ['Pågår', 'Running'],
  completed: ['Klart', 'Completed'],
  canceled: ['Avbrutet', 'Cancelled'],
  expired: ['Utgånget', 'Expired'],
};

export const attemptStateWords: Table<
  'queued' | 'submitting' | 'submitted' | 'in_doubt' | 'ringing' | 'in_progress' | 'completed' | 'busy' | 'no_answer' | 'failed' | 'canceled'
> = {
  queued: ['Köad', 'Queued'],
  submitting: ['Skickas till operatören', 'Being sent to the carrier'],
  submitted: ['Kopplas upp', 'Connecting'],
  in_doubt: ['Osäker – kontrolleras hos operatören', 'Uncertain – being checked with the carrier'],
  ringing: ['Ringer', 'Ringing'],
  in_progress: ['Pågår', 'In progress'],
  completed: ['Avslutat', 'Completed'],
  busy: ['Upptaget', 'Busy'],
  no_answer: ['Inget svar', 'No answer'],
  failed: ['Misslyckades', 'Failed'],
  canceled: ['Avbrutet', 'Cancelled'],
};

export const recipientStateWords: Table<'pending' | 'confirmed' | 'declined' | 'unreached' | 'canceled'> = {
  pending: ['Väntar', 'Waiting'],
  confirmed: ['Bekräftad', 'Confirmed'],
  declined: ['Avböjde', 'Declined'],
  unreached: ['Nåddes inte', 'Not reached'],
  canceled: ['Avbruten', 'Cancelled'],
};

export const channelWords: Table<'voice' | 'sms'> = { voice: ['Samtal', 'Call'], sms: ['Sms', 'SMS'] };
export const purposeWords: Table<'alert' | 'stand_down'> = { alert: ['Larm', 'Alert'], stand_down: ['Avblåsning', 'Stand-down'] };
export const alertKindWords: Table<'drill' | 'live'> = { drill: ['Övning', 'Drill'], live: ['Skarpt larm', 'Live alert'] };
export const yesNoWords: Table<'yes' | 'no'> = { yes: ['Ja', 'Yes'], no: ['Nej', 'No'] };

/** Twilio's AnsweredBy (answering-machine detection). */
export const answeredByWords: Table<
  'human' | 'machine_start' | 'machine_end_beep' | 'machine_end_silence' | 'machine_end_other' | 'fax' | 'unknown'
> = {
  human: ['En person', 'A person'],
  machine_start: ['Telefonsvarare', 'Answering machine'],
  machine_end_beep: ['Telefonsvarare (efter tonen)', 'Answering machine (after the beep)'],
  machine_end_silence: ['Telefonsvarare (tystnad)', 'Answering machine (silence)'],
  machine_end_other: ['Telefonsvarare', 'Answering machine'],
  fax: ['Fax', 'Fax machine'],
  unknown: ['Okänt vem som svarade', 'Unknown who answered'],
};

/**
 * The carrier's (Twilio's) error codes GDial can meet on a call or text, as what an operator can
 * act on. A code not here still reads, as `carrier_unknown` with the code.
 */
export const carrierCodeWords: Table<string> = {
  '13223': ['Numret har fel format för samtal', 'The number has the wrong format for a call'],
  '13224': ['Ogiltigt nummer för samtal', 'Not a valid number for a call'],
  '13225': ['Numret är spärrat för samtal', 'Calls to this number are blocked'],
  '13227': ['Kontot får inte ringa utlandssamtal till numret', 'The account may not make international calls to this number'],
  '21211': ['Ogiltigt nummer enligt operatören', 'The carrier says the number is invalid'],
  '21214': ['Numret kan inte nås', 'The number cannot be reached'],
  '21215': ['Kontot får inte ringa till numret', 'The account may not call this number'],
  '21216': ['Numret är spärrat hos operatören', 'The carrier blocks this number'],
  '21217': ['Numret är inte ett giltigt telefonnummer', 'Not a valid phone number'],
  '21408': ['Kontot får inte ringa eller sms:a till landet', 'The account may not call or text that country'],
  '21610': ['Mottagaren har avregistrerat sig från sms (STOPP)', 'The recipient has unsubscribed from texts (STOP)'],
  '21612': ['Numret kan inte nås med sms', 'The number cannot be reached by text'],
  '21614': ['Numret är ingen mobil och kan inte ta emot sms', 'Not a mobile number; it cannot receive texts'],
  '30001': ['Operatörens kö var full', "The carrier's queue was full"],
  '30002': ['Kontot är spärrat hos operatören', 'The account is suspended at the carrier'],
  '30003': ['Telefonen är avstängd eller utom täckning', 'The phone is switched off or out of coverage'],
  '30004': ['Mottagaren har blockerat meddelandet', 'The recipient blocked the message'],
  '30005': ['Okänt nummer, eller telefonen finns inte längre', 'Unknown number, or the phone no longer exists'],
  '30006': ['Fast nummer, eller en mobiloperatör som inte kan nås', 'A landline, or a mobile network that cannot be reached'],
  '30007': ['Stoppat av operatörens filter', "Stopped by the carrier's filter"],
  '30008': ['Okänt fel hos operatören', 'Unknown error at the carrier'],
};

/**
 * Why an attempt ended as it did, or is in doubt (codes other than the carrier's). Each code
 * is sent with params; `carrierCode`, when present, is added as "(kod …)".
 */
export const attemptReasonWords: Table<
  | 'busy'
  | 'no_answer'
  | 'failed'
  | 'canceled'
  | 'in_doubt'
  | 'answered'
  | 'quorum_reached'
  | 'alert_expired'
  | 'message_burned'
  | 'canceled_by_operator'
  | 'sms_opted_out'
  | 'engine_stopped'
  | 'carrier_wait'
  | 'waiting_for_uplink'
  | 'redial_by_operator'
  | 'not_redialed'
  | 'carrier_unknown'
  | 'unknown'
> = {
  busy: ['Upptaget', 'Busy'],
  no_answer: ['Inget svar', 'No answer'],
  failed: ['Misslyckades', 'Failed'],
  canceled: ['Avbrutet', 'Cancelled'],
  in_doubt: ['Oklart om operatören tog emot försöket', 'Unclear whether the carrier took the attempt'],
  answered: ['Personen har redan svarat', 'The person has already answered'],
  quorum_reached: ['Kvorum uppnått', 'Quorum reached'],
  alert_expired: ['Larmet gick ut', 'The alert expired'],
  message_burned: ['Meddelandet förstördes', 'The message was burned'],
  canceled_by_operator: ['Avbrutet av operatör', 'Cancelled by an operator'],
  sms_opted_out: ['Numret har avböjt sms (STOPP)', 'The number has opted out of texts (STOP)'],
  engine_stopped: ['GDial stannade medan försöket skickades', 'GDial stopped while the attempt was being sent'],
  carrier_wait: ['Operatören bad GDial vänta', 'The carrier asked GDial to wait'],
  waiting_for_uplink: ['Väntar på förbindelse', 'Waiting for a connection'],
  redial_by_operator: ['Ringer igen på operatörens beslut', 'Calling again on the operator’s decision'],
  not_redialed: ['Oklart om samtalet gick fram; operatören valde att inte ringa igen', 'Unclear whether the call got through; the operator chose not to call again'],
  carrier_unknown: ['Operatören avvisade försöket', 'The carrier refused the attempt'],
  unknown: ['Okänd orsak', 'Unknown reason'],
};

/** A reason with the carrier's code after it. */
export const withCarrierCodeWords: Words = ['{{reason}} (kod {{carrierCode}})', '{{reason}} (code {{carrierCode}})'];

/** Why an import row is skipped, or what an update changes. */
export const importReasonWords: Table<
  | 'no_name'
  | 'no_number'
  | 'bad_number'
  | 'same_person_as_line'
  | 'number_on_line'
  | 'numbers_of_several'
  | 'number_belongs_to'
  | 'already_in_book'
  | 'new_number'
  | 'field_change'
  | 'new_tags'
  | 'new_groups'
  | 'number_taken_meanwhile'
  | 'contact_changed_meanwhile'
> = {
  no_name: ['Namn saknas', 'No name'],
  no_number: ['Inget telefonnummer', 'No phone number'],
  bad_number: ['{{number}}: {{problem}}', '{{number}}: {{problem}}'],
  same_person_as_line: ['Samma person som rad {{line}}', 'The same person as line {{line}}'],
  number_on_line: ['{{number}} finns redan på rad {{line}} ({{name}})', '{{number}} is already on line {{line}} ({{name}})'],
  numbers_of_several: ['Numren tillhör olika kontakter: {{names}}', 'The numbers belong to different contacts: {{names}}'],
  number_belongs_to: ['Numret tillhör redan {{name}}', 'The number already belongs to {{name}}'],
  already_in_book: ['Finns redan i adressboken', 'Already in the address book'],
  new_number: ['Nytt nummer {{number}}', 'New number {{number}}'],
  field_change: ['{{field}}: {{value}}', '{{field}}: {{value}}'],
  new_tags: ['Taggar: {{tags}}', 'Tags: {{tags}}'],
  new_groups: ['Grupp: {{groups}}', 'Group: {{groups}}'],
  number_taken_meanwhile: ['Numret togs av någon annan under importen', 'Someone else took the number during the import'],
  contact_changed_meanwhile: ['Kontakten ändrades under importen', 'The contact changed during the import'],
};

/** The number problems an import row can name (contacts/phone-number.ts codes). */
export const phoneProblemWords: Table<'empty' | 'letters' | 'too_short' | 'too_long' | 'no_country_code' | 'not_in_plan' | 'emergency'> = {
  empty: ['nummer saknas', 'no number'],
  letters: ['innehåller bokstäver eller tecken som inte hör till ett telefonnummer', 'contains letters or signs that are not part of a phone number'],
  too_short: ['för kort', 'too short'],
  too_long: ['för långt', 'too long'],
  no_country_code: ['inte ett svenskt nummer och saknar landskod', 'not a Swedish number and has no country code'],
  not_in_plan: ['finns inte i nummerplanen (kontrollera siffrorna)', 'not in the numbering plan (check the digits)'],
  emergency: ['nöd- och servicenummer (112, 114 14, 1177 …) kan inte vara mottagare', 'emergency and service numbers (112, 114 14, 1177 …) cannot be recipients'],
};

/** Contact fields an import update can fill in. */
export const contactFieldWords: Table<'organisation' | 'title' | 'email' | 'notes'> = {
  organisation: ['Organisation', 'Organisation'],
  title: ['Titel', 'Title'],
  email: ['E-post', 'Email'],
  notes: ['Anteckningar', 'Notes'],
};

/** Burn policies by when they burn; 'end' is after the call-out has ended (+ N minutes). */
export const burnAfterWords: Table<'time' | 'delivery' | 'confirmation' | 'end'> = {
  time: ['Efter en tid', 'After a time'],
  delivery: ['När alla har fått meddelandet', 'When everyone has received the message'],
  confirmation: ['När alla har bekräftat', 'When everyone has confirmed'],
  end: ['När utskicket har avslutats', 'When the call-out has ended'],
};

/**
 * The audit log's events by their action code (audit/*, sealed into the chain as codes). An
 * action not here is shown as its code.
 */
export const auditActionWords: Table<string> = {
  'alerts.approve': ['Larm godkänt', 'Alert approved'],
  'alerts.burn': ['Larmets meddelande förstört (bränt)', "Alert's message burned"],
  'alerts.cancel': ['Larm avbrutet', 'Alert cancelled'],
  'alerts.launch': ['Larm startat', 'Alert launched'],
  'alerts.resend': ['Larm skickat igen', 'Alert sent again'],
  'alerts.resolveInDoubt': ['Beslut om osäkert försök', 'Decision on an uncertain attempt'],
  'api.call': ['Anrop via API', 'API call'],
  'apiKeys.create': ['API-nyckel skapad', 'API key created'],
  'apiKeys.revoke': ['API-nyckel återkallad', 'API key revoked'],
  'audit.anchor_restarted': ['Granskningsloggens ankare startades om', "The audit log's anchor was restarted"],
  'audit.key_introduced': ['Granskningsloggens nyckel infördes', 'Audit log key introduced'],
  'audit.rekeyed': ['Granskningsloggen fick ny nyckel', 'Audit log given a new key'],
  'audit.restored': ['Återställd från säkerhetskopia', 'Restored from a backup'],
  'auth.changePassword': ['Eget lösenord bytt', 'Own password changed'],
  'auth.locked': ['Konto låst efter misslyckade inloggningar', 'Account locked after failed sign-ins'],
  'auth.login': ['Inloggning', 'Sign-in'],
  'auth.login_failed': ['Misslyckad inloggning', 'Failed sign-in'],
  'auth.logout': ['Utloggning', 'Sign-out'],
  'auth.setup': ['Första administratören skapad', 'First administrator created'],
  'backups.run': ['Säkerhetskopia tagen', 'Backup made'],
  'contacts.activate': ['Kontakt aktiverad', 'Contact activated'],
  'contacts.create': ['Kontakt skapad', 'Contact created'],
  'contacts.deactivate': ['Kontakt inaktiverad', 'Contact deactivated'],
  'contacts.export': ['Kontakter exporterade', 'Contacts exported'],
  'contacts.import': ['Kontakter importerade', 'Contacts imported'],
  'contacts.update': ['Kontakt ändrad', 'Contact changed'],
  'groups.create': ['Grupp skapad', 'Group created'],
  'groups.delete': ['Grupp borttagen', 'Group deleted'],
  'groups.update': ['Grupp ändrad', 'Group changed'],
  'profile.update': ['Egen profil ändrad', 'Own profile changed'],
  'proposals.dismiss': ['Föreslaget larm avfärdat', 'Proposed alert dismissed'],
  'proposals.resolveCancel': ['Källans avbrott besvarat', "The source's cancel answered"],
  'reports.export': ['Rapport eller logg exporterad', 'Report or log exported'],
  'schedules.create': ['Schema skapat', 'Schedule created'],
  'schedules.delete': ['Schema borttaget', 'Schedule deleted'],
  'schedules.setPaused': ['Schema pausat eller återupptaget', 'Schedule paused or resumed'],
  'schedules.update': ['Schema ändrat', 'Schedule changed'],
  'secrets.clear': ['Hemlighet borttagen', 'Secret removed'],
  'secrets.set': ['Hemlighet sparad', 'Secret saved'],
  'settings.update': ['Inställningar ändrade', 'Settings changed'],
  'subscriptions.create': ['Webhook-prenumeration skapad', 'Webhook subscription created'],
  'subscriptions.delete': ['Webhook-prenumeration borttagen', 'Webhook subscription deleted'],
  'subscriptions.sendTest': ['Testmeddelande till webhook köat', 'Webhook test message queued'],
  'subscriptions.update': ['Webhook-prenumeration ändrad', 'Webhook subscription changed'],
  'templates.create': ['Mall skapad', 'Template created'],
  'templates.delete': ['Mall borttagen', 'Template deleted'],
  'templates.update': ['Mall ändrad', 'Template changed'],
  'triggers.createRule': ['Regel för inkommande larm skapad', 'Inbound alarm rule created'],
  'triggers.deleteRule': ['Regel för inkommande larm borttagen', 'Inbound alarm rule deleted'],
  'triggers.forgetSource': ['Källa för inkommande larm glömd', 'Inbound alarm source forgotten'],
  'triggers.updateRule': ['Regel för inkommande larm ändrad', 'Inbound alarm rule changed'],
  'users.create': ['Användare skapad', 'User created'],
  'users.setPassword': ['Lösenord satt av administratör', 'Password set by an administrator'],
  'users.unlock': ['Användare upplåst', 'User unlocked'],
  'users.update': ['Användare ändrad', 'User changed'],
};

type Vocabulary = {
  alertStates: typeof alertStateWords;
  attemptStates: typeof attemptStateWords;
  recipientStates: typeof recipientStateWords;
  channels: typeof channelWords;
  purposes: typeof purposeWords;
  alertKinds: typeof alertKindWords;
  yesNo: typeof yesNoWords;
  answeredBy: typeof answeredByWords;
  carrierCodes: typeof carrierCodeWords;
  attemptReasons: typeof attemptReasonWords;
  importReasons: typeof importReasonWords;
  phoneProblems: typeof phoneProblemWords;
  contactFields: typeof contactFieldWords;
  burnAfter: typeof burnAfterWords;
  auditActions: typeof auditActionWords;
};

const tables: Vocabulary = {
  alertStates: alertStateWords,
  attemptStates: attemptStateWords,
  recipientStates: recipientStateWords,
  channels: channelWords,
  purposes: purposeWords,
  alertKinds: alertKindWords,
  yesNo: yesNoWords,
  answeredBy: answeredByWords,
  carrierCodes: carrierCodeWords,
  attemptReasons: attemptReasonWords,
  importReasons: importReasonWords,
  phoneProblems: phoneProblemWords,
  contactFields: contactFieldWords,
  burnAfter: burnAfterWords,
  auditActions: auditActionWords,
};

/**
 * Every attempt reason code the engine may send: its own reasons, and `carrier_<code>` for each
 * carrier code with words. The engine's tests prove it sends nothing else; the console's that
 * each has words in both languages.
 */
export const attemptReasonCodes: readonly string[] = [
  ...Object.keys(attemptReasonWords),
  ...Object.keys(carrierCodeWords).map((code) => `carrier_${code}`),
];

export type VocabularyIn = { [T in keyof Vocabulary]: Record<keyof Vocabulary[T], string> } & { withCarrierCode: string };

const built = new Map<VocabularyLanguage, VocabularyIn>();

/**
 * Every table in one language: the console's `vocabulary.*` resources, and the exports' words.
 * Built once per language (the engine says a reason per ledger row); treat it as read-only.
 */
export function vocabularyIn(language: VocabularyLanguage): VocabularyIn {
  let words = built.get(language);
  if (!words) {
    words = buildVocabulary(language);
    built.set(language, words);
  }
  return words;
}

function buildVocabulary(language: VocabularyLanguage): VocabularyIn {
  const index = language === 'en' ? 1 : 0;
  const out: Record<string, unknown> = { withCarrierCode: withCarrierCodeWords[index] };
  for (const [name, table] of Object.entries(tables) as Array<[string, Table<string>]>) {
    out[name] = Object.fromEntries(Object.entries(table).map(([key, words]) => [name === 'auditActions' ? auditActionKey(key) : key, words[index]]));
  }
  return out as VocabularyIn;
}

/**
 * An audit action's key in `vocabularyIn(…).auditActions`: its dots become slashes, since the
 * console's i18next reads a dot as a level ("alerts.launch" → "alerts/launch").
 */
export const auditActionKey = (action: string) => action.replaceAll('.', '/');

/**
 * A duration for people, the two largest units: "2 h 47 min", "3 min 20 s", "45 s". The
 * console's figures and the PDF print durations (time to first confirmation, to quorum) with
 * this one function, so screen and paper show the same value.
 */
export function durationWords(seconds: number, language: VocabularyLanguage): string {
  const total = Math.max(0, Math.round(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const hours = new Intl.NumberFormat(language === 'en' ? 'en-GB' : 'sv-SE').format(h);
  if (h > 0) return m > 0 ? `${hours} h ${m} min` : `${hours} h`;
  if (m > 0) return s > 0 ? `${m} min ${s} s` : `${m} min`;
  return `${s} s`;
}

export type ReasonParams = Record<string, string | number>;

/** `{{name}}` replaced by its parameter, as i18next does it (a missing one stays visible). */
export function fillWords(text: string, params: ReasonParams = {}): string {
  return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
