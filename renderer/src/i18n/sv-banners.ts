/** Swedish texts of the shell's banners and guards: the simulator, lost connection, approvals, unsaved changes (spread into sv.ts). */
export const svBanners = {
  simulator: {
    banner: 'Simulator – ingen riktig telefon ringer',
    bannerText: 'Samtal och sms går till GDials simulator. Välj Twilio under Inställningar för skarpa larm.',
    afterRestart: 'Efter omstart: skarpa larm via {{live}}, övningar via {{drills}}.',
    kind: { simulator: 'simulatorn', twilio: 'Twilio' },
    alert: 'Det här larmet går till simulatorn: ingen riktig telefon ringer.',
    alertDone: 'Det här larmet gick till simulatorn: ingen riktig telefon ringde.',
    preflight: 'Larmet går till simulatorn. Mottagarnas telefoner ringer inte och inga sms skickas på riktigt.',
  },
  offline: {
    title: 'Ingen förbindelse med GDial-motorn',
    text: 'Det du ser kan vara inaktuellt. Försöker igen…',
    uplinkTitle: 'Operatören går inte att nå',
    uplinkText: 'Larm väntar och skickas när förbindelsen är tillbaka.',
    databaseTitle: 'Väntar på databasen',
    databaseText: 'Databasen svarar inte. Utskicket väntar och fortsätter av sig självt när den svarar igen; ingen rings två gånger.',
  },
  approvals: {
    heading: 'Väntar på godkännande',
    intro: 'Larm över gränsen för godkännande startar när en andra person godkänner dem.',
    badge_one: '{{count}} larm väntar på ditt godkännande',
    badge_other: '{{count}} larm väntar på ditt godkännande',
    notifyTitle: 'Larm väntar på godkännande',
    notifyText: '”{{title}}” ({{count}} mottagare), startat av {{by}}.',
    someone: 'någon annan',
    row: '”{{title}}”: {{count}} mottagare, startat av {{by}} {{at}}',
    approve: 'Godkänn',
    approveLabel: 'Godkänn ”{{title}}”',
    open: 'Visa',
    openLabel: 'Visa ”{{title}}”',
    approved: '”{{title}}” är godkänt och startar nu.',
  },
  unsaved: {
    title: 'Osparade ändringar',
    text: 'Du har ändringar som inte är sparade. Lämnar du nu försvinner de.',
    leave: 'Lämna utan att spara',
    stay: 'Avbryt',
  },
};

export type BannerMessages = typeof svBanners;
