/** Swedish texts of the conversation with the people alerted: the per-recipient timeline, replies nobody took, the voice preview. */
export const svTimeline = {
  open: 'Visar händelserna för mottagaren i en sidopanel.',
  title: 'Händelser: {{name}}',
  listLabel: 'Händelser för {{name}}, äldst först',
  hint: 'Uppdateras medan larmet pågår.',
  empty: 'Inga händelser än.',
  newEntry: 'Ny händelse för {{name}}: {{step}}.',
  key: 'Knapp {{key}}',
  reply: 'Svar: ”{{text}}”',
  standDown: 'Avlysning',
  // Every step the engine reports; the type keeps sv and en complete.
  steps: {
    queued: 'Köad',
    dialled: 'Ringde upp',
    ringing: 'Det ringer',
    answered: 'Svarade',
    machine: 'Telefonsvarare svarade',
    voicemail_left: 'Meddelande lämnat på röstbrevlådan',
    pressed_confirm: 'Bekräftade med knapptryckning',
    pressed_decline: 'Avböjde med knapptryckning',
    sms_sent: 'Sms skickat',
    sms_delivered: 'Sms levererat',
    replied_confirm: 'Bekräftade med sms-svar',
    replied_decline: 'Avböjde med sms-svar',
    replied_text: 'Svarade med text',
    completed: 'Avslutat',
    busy: 'Upptaget',
    no_answer: 'Inget svar',
    failed: 'Misslyckades',
    canceled: 'Avbrutet',
    in_doubt: 'Osäkert – kontrolleras hos operatören',
  },
};

export const svReplies = {
  heading: 'Svar som inte kunde kopplas',
  intro: 'Sms-svar och knapptryckningar som inget larm tog emot, t.ex. ett JA från ett okänt nummer eller efter att larmet avslutats. Kontakta personen om det behövs.',
  tableLabel: 'Svar som inte kunde kopplas, nyast först',
  columns: { at: 'Tid', from: 'Från nummer', body: 'Text', channel: 'Kanal', meaning: 'Tolkat som' },
  channels: { sms: 'Sms', dtmf: 'Knapptryckning' },
  meanings: { confirm: 'Bekräftelse', decline: 'Avböjande', stop: 'Avregistrering (STOPP)', start: 'Återregistrering (START)', unknown: 'Okänt' },
  empty: 'Inga svar som inte kunde kopplas.',
  end: 'Det finns inga äldre svar.',
  loadMore: 'Visa fler svar',
  refresh: 'Uppdatera',
};

export const svVoicePreview = {
  listen: 'Lyssna',
  listenLabel: 'Lyssna på texten för röstsamtal',
  asDrill: 'Som övning',
  asDrillHint: '”Detta är en övning” läses först.',
  needText: 'Skriv en text för röstsamtal först.',
  player: 'Förhandslyssning',
  ready: 'Förhandslyssningen är klar ({{duration}}).',
  spoken: 'Så läses texten',
  voice: 'Röst',
  voiceValue: '{{engine}}, {{voice}}',
  engines: { espeak: 'eSpeak NG', piper: 'Piper', twilio: 'Twilio' },
  fallback: 'Reservröst: {{reason}}',
  stale: 'Texten har ändrats sedan förhandslyssningen. Tryck Lyssna igen för att höra den nya.',
};

export type TimelineMessages = typeof svTimeline;
export type RepliesMessages = typeof svReplies;
export type VoicePreviewMessages = typeof svVoicePreview;
