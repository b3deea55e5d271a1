/** The few words the shell itself says (tray, dialogs), Swedish first; the console has its own. */
export interface ShellTexts {
  trayIdle: string;
  trayAlert: string;
  show: string;
  quit: string;
  installUpdate: string;
  keptInTrayTitle: string;
  keptInTray: string;
  quitQuestion: string;
  quitDetail: string;
  keepRunning: string;
  quitAnyway: string;
  updateReady: (version: string) => string;
  updateDetail: string;
  restartAndInstall: string;
  later: string;
  startFailed: string;
  /** A console page holds unsaved changes while the window closes or reloads. */
  unsaved: { message: string; detail: string; leave: string; stay: string };
}

const sv: ShellTexts = {
  trayIdle: 'GDial – inget larm pågår',
  trayAlert: 'GDial – ett larm pågår',
  show: 'Visa GDial',
  quit: 'Avsluta GDial',
  installUpdate: 'Starta om och installera uppdateringen',
  keptInTrayTitle: 'GDial arbetar vidare',
  keptInTray: 'Ett larm pågår. GDial fortsätter ringa och skicka sms; öppna fönstret igen från ikonen.',
  quitQuestion: 'Ett larm pågår. Vill du avsluta GDial?',
  quitDetail:
    'Samtal och sms stannar tills GDial startas igen; då fortsätter larmet där det var. Stäng hellre fönstret: GDial arbetar då vidare i bakgrunden.',
  keepRunning: 'Fortsätt köra',
  quitAnyway: 'Avsluta ändå',
  updateReady: (version) => `GDial ${version} är hämtad.`,
  updateDetail: 'Starta om nu för att installera den, eller senare: den installeras när GDial avslutas. En uppdatering installeras aldrig medan ett larm pågår.',
  restartAndInstall: 'Starta om och installera',
  later: 'Senare',
  startFailed: 'GDial kunde inte starta',
  unsaved: {
    message: 'Du har ändringar som inte är sparade.',
    detail: 'Lämnar du nu försvinner de. Larm som pågår fortsätter.',
    leave: 'Lämna utan att spara',
    stay: 'Avbryt',
  },
};

const en: ShellTexts = {
  trayIdle: 'GDial – no alert running',
  trayAlert: 'GDial – an alert is running',
  show: 'Show GDial',
  quit: 'Quit GDial',
  installUpdate: 'Restart and install the update',
  keptInTrayTitle: 'GDial keeps working',
  keptInTray: 'An alert is running. GDial keeps calling and texting; open the window again from the icon.',
  quitQuestion: 'An alert is running. Quit GDial?',
  quitDetail:
    'Calls and texts stop until GDial starts again; the alert then carries on where it was. Close the window instead: GDial keeps working in the background.',
  keepRunning: 'Keep running',
  quitAnyway: 'Quit anyway',
  updateReady: (version) => `GDial ${version} has been downloaded.`,
  updateDetail: 'Restart now to install it, or later: it installs when GDial quits. An update never installs while an alert is running.',
  restartAndInstall: 'Restart and install',
  later: 'Later',
  startFailed: 'GDial could not start',
  unsaved: {
    message: 'You have changes that are not saved.',
    detail: 'If you leave now, they are lost. Running alerts carry on.',
    leave: 'Leave without saving',
    stay: 'Cancel',
  },
};

/** English for an English-speaking OS, Swedish for everything else (GDial is Swedish first). */
export function shellTexts(locale: string): ShellTexts {
  return /^en\b/i.test(locale) ? en : sv;
}
