/**
 * Common Swedish words and passwords, most common first, for the password-strength estimator.
 *
 * zxcvbn-ts ships English and language-neutral dictionaries only (names, English words, leaked
 * passwords from mostly English-speaking sites). To it "lösenord1234" or "sommar2024!" look like
 * random letters and score as strong, yet they are among the first things anyone guesses against a
 * Swedish control room. This short list closes the worst of that gap; it is not a full dictionary.
 * Words are lower case; the estimator lower-cases and de-leets what it checks. Words with å, ä, ö
 * also appear as typed on a keyboard without them (a/o, ae/oe), as people do in passwords.
 */
const words = [
  'lösenord', 'losenord', 'losen', 'lösen', 'hemligt', 'hemlig', 'hemlis', 'hejhej', 'hejsan', 'hej',
  'sverige', 'svensk', 'svenska', 'stockholm', 'göteborg', 'goteborg', 'malmö', 'malmo', 'uppsala', 'örebro',
  'sommar', 'sommaren', 'vinter', 'vintern', 'hösten', 'höst', 'host', 'våren', 'vår', 'varen',
  'januari', 'februari', 'mars', 'april', 'maj', 'juni', 'juli', 'augusti', 'september', 'oktober', 'november', 'december',
  'måndag', 'mandag', 'tisdag', 'onsdag', 'torsdag', 'fredag', 'lördag', 'lordag', 'söndag', 'sondag',
  'midsommar', 'julafton', 'jultomte', 'tomten', 'påsk', 'pask',
  'älskling', 'alskling', 'älskar', 'alskar', 'kärlek', 'karlek', 'mamma', 'pappa', 'mormor', 'farfar', 'morfar', 'farmor',
  'fotboll', 'hockey', 'hammarby', 'djurgården', 'djurgarden', 'blåvitt', 'blavitt',
  'katten', 'katt', 'hunden', 'hund', 'blomma', 'solen', 'solsken', 'snö', 'sno', 'regn', 'glass',
  'kalleanka', 'kalle', 'anka', 'pippi', 'välkommen', 'valkommen', 'tjenare', 'tjena', 'skit', 'sötnos', 'sotnos',
  'brandkåren', 'brandkaren', 'räddning', 'raddning', 'räddningstjänst', 'raddningstjanst', 'larm', 'larmet',
  'polis', 'polisen', 'ambulans', 'sjukhus', 'kommun', 'kommunen', 'jour', 'jouren', 'ledning', 'ledningscentral',
  'qwerty', 'asdfgh', 'zxcvbn', 'åäö', 'aao',
];

export const swedishWords: readonly string[] = words;
