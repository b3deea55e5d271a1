/**
 * The order an imported contact's numbers are called in, by what each number is (its column's
 * or its vCard TYPE's meaning), never by where its column happens to stand: Outlook puts
 * "Business Phone" before "Mobile Phone", and a person is most surely reached on the mobile.
 *
 * Mobile first, then work, then home; then numbers the file gave no meaning ("Telefon"), then
 * other labelled numbers (car, other, custom labels); a switchboard or main number last, since
 * it does not reach the person directly. Numbers of the same meaning keep the file's order
 * (for vCards: PREF first), so nothing else about the file is second-guessed.
 */
import type { PhoneEntry } from './files/types';

const RANK_BY_LABEL: Record<string, number> = {
  mobil: 0,
  arbete: 1,
  hem: 2,
  '': 3,
  växel: 5,
  huvudnummer: 5,
};
const OTHER_LABEL = 4;

export function callRank(label: string): number {
  return RANK_BY_LABEL[label] ?? OTHER_LABEL;
}

/** The phones in the order they will be called (a stable sort: ties keep file order). */
export function inCallOrder<P extends Pick<PhoneEntry, 'label'>>(phones: readonly P[]): P[] {
  return phones
    .map((phone, index) => ({ phone, index }))
    .sort((a, b) => callRank(a.phone.label) - callRank(b.phone.label) || a.index - b.index)
    .map((x) => x.phone);
}
