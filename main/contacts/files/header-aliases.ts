/**
 * Which header means which field, keyed by normalizeKey(header). Covers Outlook's CSV export in
 * English and Swedish, Google Contacts' old and new layouts, the simple Swedish headers people
 * type themselves, and our own export.
 */
import type { ContactField } from './types';

export interface HeaderRule {
  field: ContactField;
  label?: string;
}

const fields: [ContactField, string[]][] = [
  ['name', ['namn', 'name', 'full name', 'fullname', 'fullstandigt namn', 'display name', 'visningsnamn', 'kontaktnamn', 'kontaktperson', 'contact name']],
  ['firstName', ['first name', 'firstname', 'given name', 'fornamn', 'tilltalsnamn']],
  ['lastName', ['last name', 'lastname', 'family name', 'surname', 'efternamn']],
  ['organisation', ['organisation', 'organization', 'org', 'company', 'foretag', 'organization name', 'organisationsnamn', 'myndighet', 'arbetsgivare']],
  ['title', ['job title', 'befattning', 'titel', 'roll', 'yrkesroll', 'funktion', 'organization title', 'position']],
  ['email', ['e mail address', 'e mail', 'email', 'email address', 'e postadress', 'e post', 'epost', 'epostadress', 'e post adress', 'mail', 'mejl', 'mejladress']],
  ['notes', ['notes', 'note', 'comments', 'anteckningar', 'anteckning', 'notering', 'noteringar', 'kommentar', 'kommentarer', 'ovrigt']],
  ['tags', ['taggar', 'tagg', 'tags', 'tag', 'nyckelord', 'keywords']],
  ['groups', ['grupp', 'grupper', 'group', 'groups', 'group membership', 'categories', 'kategorier', 'kategori', 'labels', 'etiketter', 'larmgrupp', 'larmgrupper']],
  ['language', ['sprak', 'language', 'lang']],
  ['externalId', ['id', 'externt id', 'extern id', 'external id', 'externalid', 'anstallningsnummer', 'employee id', 'organizational id number', 'id nummer for organisation']],
];

/** Phone headers by label; a trailing number ("Telefon 2", "Business Phone 2") is ignored. */
const phones: [string, string[]][] = [
  ['mobil', ['mobil', 'mobiltelefon', 'mobilnummer', 'mobilnr', 'mobiltel', 'mobile', 'mobile phone', 'mobile number', 'cell', 'cell phone', 'cellphone', 'tjanstemobil', 'telefon mobil', 'tel mobil', 'mobilnummer arbete', 'tjanstemobiltelefon']],
  ['arbete', ['arbetstelefon', 'arbete', 'telefon arbete', 'tel arbete', 'business phone', 'work phone', 'direktnummer', 'jobbtelefon', 'tjanstetelefon', 'telefon jobb', 'telefon tjanst', 'arbetsnummer', 'work', 'office phone']],
  ['hem', ['hemtelefon', 'hem', 'telefon hem', 'tel hem', 'home phone', 'hemnummer', 'telefon bostad', 'bostadstelefon', 'privattelefon', 'telefon privat', 'home']],
  ['annan', ['annan telefon', 'other phone', 'ovrig telefon', 'callback', 'aterupringning', 'radio phone', 'radiotelefon', 'assistant s phone', 'assistentens telefon']],
  ['bil', ['car phone', 'biltelefon']],
  ['växel', ['company main phone', 'vaxel', 'vaxelnummer', 'foretagets vaxel']],
  ['', ['telefon', 'telefonnummer', 'tel', 'tfn', 'telnr', 'tel nr', 'telefonnr', 'nummer', 'phone', 'phone number', 'primary phone', 'primar telefon']],
];

const exact = new Map<string, HeaderRule>();
for (const [field, keys] of fields) for (const key of keys) exact.set(key, { field });
const phoneByKey = new Map<string, string>();
for (const [label, keys] of phones) for (const key of keys) phoneByKey.set(key, label);

/** The rule for one normalized header, or undefined when the column means nothing to us. */
export function ruleFor(key: string): HeaderRule | undefined {
  const rule = exact.get(key);
  if (rule) return rule;
  const unnumbered = key.replace(/ \d+$/, '');
  // "E-postadress 2", "Grupp 2": a second column of a field that takes several or the first filled.
  const numbered = exact.get(unnumbered);
  if (numbered && ['email', 'groups', 'tags'].includes(numbered.field)) return numbered;
  const phone = phoneByKey.get(unnumbered);
  if (phone !== undefined) return phone === '' ? { field: 'phone' } : { field: 'phone', label: phone };
  // Google: "Phone 1 - Value", "E-mail 2 - Value"; old layout "Organization 1 - Name".
  // Outlook: "E-mail 2 Address".
  if (/^phone \d+ value$/.test(key)) return { field: 'phone' };
  if (/^e mail \d+ (value|address)$/.test(key)) return { field: 'email' };
  if (/^organization \d+ name$/.test(key)) return { field: 'organisation' };
  if (/^organization \d+ title$/.test(key)) return { field: 'title' };
  return undefined;
}

/**
 * The per-row label column paired with a phone column: Google's "Phone 1 - Type"/"- Label",
 * our export's "Typ 1". Derived from the headers, not stored in the mapping, so a mapping the
 * operator adjusted in the wizard still picks up each row's label.
 */
export function pairedLabelColumn(phoneKey: string, keys: string[]): number {
  const n = /(?:^phone (\d+) value$)|(?:^telefon (\d+)$)/.exec(phoneKey);
  const index = n?.[1] ?? n?.[2];
  if (index === undefined) return -1;
  const wanted = [`phone ${index} type`, `phone ${index} label`, `typ ${index}`];
  return keys.findIndex((key) => wanted.includes(key));
}
