/** Swedish texts of the live view's status board (the people grouped, the clock). */
export const svBoard = {
  groups: {
    confirmed: 'Bekräftade',
    pending: 'Väntar',
    unreached: 'Nåddes inte',
    declined: 'Avböjde',
    canceled: 'Avbrutna',
  },
  nobody: 'ingen',
  clock: {
    label: 'Tid sedan start',
    ended: 'Tog (larmet är slut)',
    notStarted: 'Inte startat än',
  },
  activityHeading: 'Försök just nu',
};
