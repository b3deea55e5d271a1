/**
 * Phone numbers read the way a person reads one back: digit by digit, in groups, with a short
 * pause (a comma) between groups. The rule:
 * - A Swedish number (+46 or a leading 0) is read in its national form, so "+46 70 123 45 67"
 *   and "070-123 45 67" both become "noll sju noll, ett två tre, fyra fem, sex sju".
 * - Groups are kept as the writer separated them (spaces, hyphens); a group longer than four
 *   digits is split as below.
 * - A number written in one piece gets the customary grouping: the area code (08, otherwise 0
 *   and two digits), then the rest in pairs, led by a triple when the count is odd (and 3-3-2
 *   for eight digits, as Stockholm numbers are written).
 * - Other countries keep "plus" and their code as written.
 * A Swedish national number has 7 to 10 digits; trailing groups beyond that are left to the
 * number rules ("070-123 45 67 12 personer").
 */
type DigitWords = (digits: string) => string;

// A "+" or a 0, then digits with single spaces, hyphens or "(0)" between them.
const CANDIDATE = /(?<![\p{L}\p{N}+.,:/])(?:\+\d|0\d)(?:[ -]?(?:\(0\)|\d))*/gu;

function pairs(d: string): string[] {
  if (d.length <= 3) return [d];
  if (d.length === 8) return [d.slice(0, 3), d.slice(3, 6), d.slice(6)];
  const head = d.length % 2 ? [d.slice(0, 3)] : [];
  return [...head, ...(d.slice(head.length * 3).match(/\d\d/g) ?? [])];
}

function customary(national: string): string[] {
  const area = national.startsWith('08') ? 2 : 3;
  return [national.slice(0, area), ...pairs(national.slice(area))];
}

const count = (groups: string[]) => groups.reduce((n, g) => n + g.length, 0);

/** The groups to read, or null when `written` is not a phone number; `used` is how much of it is. */
function parse(written: string): { plus: boolean; groups: string[]; used: number } | null {
  // "(0)" is the trunk prefix some write after the country code: never dialled from abroad.
  const runs = [...written.replace(/\(0\)/g, '   ').matchAll(/\d+/g)];
  let groups = runs.map((m) => m[0]);
  let ends = runs.map((m) => m.index + m[0].length);
  let plus = written.startsWith('+');
  if (plus && groups[0]!.startsWith('46')) {
    // Swedish: the national form, with the trunk 0 in front of the area code.
    if (groups[0] === '46') {
      groups = groups.slice(1);
      ends = ends.slice(1);
    } else groups[0] = groups[0]!.slice(2);
    if (groups.length === 0) return null;
    groups[0] = `0${groups[0]}`;
    plus = false;
  }
  const [min, max] = plus ? [8, 15] : [7, 10];
  // Trailing groups that cannot belong to the number are left to be read as numbers of their own.
  while (count(groups) > max && groups.length > 1) groups = groups.slice(0, -1);
  if (count(groups) > max || count(groups) < min) return null;
  const used = ends[groups.length - 1]!;
  if (groups.length === 1) groups = plus ? pairs(groups[0]!) : customary(groups[0]!);
  else groups = groups.flatMap((g) => (g.length > 4 ? pairs(g) : [g]));
  return { plus, groups, used };
}

/** Replaces every phone number in `text` with its digit groups read by `words`. */
export function speakPhoneNumbers(text: string, words: DigitWords, plusWord: string): string {
  return text.replace(CANDIDATE, (written) => {
    const parsed = parse(written);
    if (!parsed) return written;
    const spoken = parsed.groups.map(words).join(', ');
    return (parsed.plus ? `${plusWord} ` : '') + spoken + written.slice(parsed.used);
  });
}
