import type { svBoard } from './sv-board';

/** English texts of the live view's status board. */
export const enBoard: typeof svBoard = {
  groups: {
    confirmed: 'Confirmed',
    pending: 'Waiting',
    unreached: 'Not reached',
    declined: 'Declined',
    canceled: 'Canceled',
  },
  nobody: 'nobody',
  clock: {
    label: 'Time since start',
    ended: 'Took (the alert has ended)',
    notStarted: 'Not started yet',
  },
  activityHeading: 'Attempts now',
};
