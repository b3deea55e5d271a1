/** Swedish texts of the cluster: which workstation leads, which stand by, a takeover (spread into sv.ts). */
export const svCluster = {
  header: {
    prefix: 'Den här arbetsstationen:',
    leader: 'Leder · {{name}}',
    standby: 'Reserv · leds av {{leader}}',
    standbyNoLeader: 'Reserv · ingen leder just nu',
    leaderHint: 'Den här arbetsstationen skickar ut larmen. De andra står i reserv och tar över om den faller bort.',
    standbyHint: 'Den här arbetsstationen står i reserv: {{leader}} skickar ut larmen. Faller den bort tar en reserv över.',
    standbyNoLeaderHint: 'Ingen arbetsstation leder just nu. En reserv tar över inom några sekunder.',
  },
  workstations: {
    heading: 'Arbetsstationer',
    intro: 'Alla arbetsstationer delar samma databas. En leder och skickar ut larmen, de andra står i reserv.',
    name: 'Arbetsstation',
    role: 'Roll',
    since: 'Sedan',
    roles: { leader: 'Leder', standby: 'Reserv' },
    self: '(den här)',
    none: 'Inga arbetsstationer har hörts av de senaste sekunderna.',
    lastTakeover: 'Senaste övertagande: {{to}} tog över ledningen från {{from}} {{at}}.',
    lastTakeoverUnknown: 'Senaste övertagande: {{to}} tog över ledningen {{at}}.',
    noTakeover: 'Inget övertagande sedan den här arbetsstationen startade.',
  },
  takeover: {
    title: 'Ny ledare för utskicket',
    text: '{{to}} har tagit över ledningen från {{from}} kl. {{at}}.',
    textUnknown: '{{to}} har tagit över ledningen kl. {{at}}.',
    carryOn: 'Pågående larm fortsätter därifrån. Ingen rings två gånger.',
    dismiss: 'Stäng meddelandet om övertagandet',
  },
};

export type ClusterMessages = typeof svCluster;
