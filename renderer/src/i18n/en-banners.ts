/** English texts of the shell's banners and guards (same keys as sv-banners.ts). */
import type { BannerMessages } from './sv-banners';

export const enBanners: BannerMessages = {
  simulator: {
    banner: 'Simulator – no real phone will ring',
    bannerText: "Calls and texts go to GDial's simulator. Choose Twilio under Settings for live alerts.",
    afterRestart: 'After a restart: live alerts via {{live}}, drills via {{drills}}.',
    kind: { simulator: 'the simulator', twilio: 'Twilio' },
    alert: 'This alert goes to the simulator: no real phone will ring.',
    alertDone: 'This alert went to the simulator: no real phone rang.',
    preflight: "The alert goes to the simulator. Recipients' phones will not ring and no real texts are sent.",
  },
  offline: {
    title: 'No connection to the GDial engine',
    text: 'What you see may be out of date. Trying again…',
    uplinkTitle: 'The carrier cannot be reached',
    uplinkText: 'Alerts wait and go out when the connection is back.',
    databaseTitle: 'Waiting for the database',
    databaseText: 'The database does not answer. Dispatch waits and carries on by itself when it answers again; nobody is called twice.',
  },
  approvals: {
    heading: 'Waiting for approval',
    intro: 'Alerts above the approval limit start when a second person approves them.',
    badge_one: '{{count}} alert is waiting for your approval',
    badge_other: '{{count}} alerts are waiting for your approval',
    notifyTitle: 'An alert is waiting for approval',
    notifyText: '“{{title}}” ({{count}} recipients), launched by {{by}}.',
    someone: 'someone else',
    row: '“{{title}}”: {{count}} recipients, launched by {{by}} {{at}}',
    approve: 'Approve',
    approveLabel: 'Approve “{{title}}”',
    open: 'Show',
    openLabel: 'Show “{{title}}”',
    approved: '“{{title}}” is approved and starts now.',
  },
  unsaved: {
    title: 'Unsaved changes',
    text: 'You have changes that are not saved. If you leave now, they are lost.',
    leave: 'Leave without saving',
    stay: 'Cancel',
  },
};
