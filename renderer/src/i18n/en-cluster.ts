/** English texts of the cluster (same keys as sv-cluster.ts). */
import type { ClusterMessages } from './sv-cluster';

export const enCluster: ClusterMessages = {
  header: {
    prefix: 'This workstation:',
    leader: 'Leading · {{name}}',
    standby: 'Standby · led by {{leader}}',
    standbyNoLeader: 'Standby · no leader right now',
    leaderHint: 'This workstation sends the alerts out. The others stand by and take over if it fails.',
    standbyHint: 'This workstation stands by: {{leader}} sends the alerts out. If it fails, a standby takes over.',
    standbyNoLeaderHint: 'No workstation leads right now. A standby takes over within a few seconds.',
  },
  workstations: {
    heading: 'Workstations',
    intro: 'All workstations share one database. One leads and sends the alerts out; the others stand by.',
    name: 'Workstation',
    role: 'Role',
    since: 'Since',
    roles: { leader: 'Leading', standby: 'Standby' },
    self: '(this one)',
    none: 'No workstation has been heard from in the last few seconds.',
    lastTakeover: 'Last takeover: {{to}} took over the lead from {{from}} {{at}}.',
    lastTakeoverUnknown: 'Last takeover: {{to}} took over the lead {{at}}.',
    noTakeover: 'No takeover since this workstation started.',
  },
  takeover: {
    title: 'A new workstation leads',
    text: '{{to}} has taken over the lead from {{from}} at {{at}}.',
    textUnknown: '{{to}} has taken over the lead at {{at}}.',
    carryOn: 'Running alerts carry on from there. Nobody is called twice.',
    dismiss: 'Close the takeover message',
  },
};
