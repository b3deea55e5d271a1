import { describe, expect, it } from 'vitest';
import { cardinal, digits, ordinal, year } from './swedish-numbers';

describe('Swedish number words', () => {
  it.each([
    [0, 'noll'],
    [1, 'ett'],
    [7, 'sju'],
    [11, 'elva'],
    [19, 'nitton'],
    [20, 'tjugo'],
    [21, 'tjugoett'],
    [45, 'fyrtiofem'],
    [99, 'nittionio'],
    [100, 'hundra'],
    [101, 'hundra ett'],
    [250, 'tvåhundra femtio'],
    [999, 'niohundra nittionio'],
    [1000, 'tusen'],
    [1100, 'tusen etthundra'],
    [2345, 'tvåtusen trehundra fyrtiofem'],
    [12_500, 'tolvtusen femhundra'],
    [21_000, 'tjugoettusen'],
    [100_000, 'hundratusen'],
    [999_999, 'niohundra nittioniotusen niohundra nittionio'],
    [1_000_000, 'en miljon'],
    [1_001_000, 'en miljon ettusen'],
    [21_000_000, 'tjugoen miljoner'],
    [3_200_001, 'tre miljoner tvåhundratusen ett'],
  ])('%i → %s', (n, words) => expect(cardinal(n)).toBe(words));

  it('refuses what it cannot say rather than saying something wrong', () => {
    expect(() => cardinal(-1)).toThrow(RangeError);
    expect(() => cardinal(1.5)).toThrow(RangeError);
    expect(() => cardinal(1_000_000_000)).toThrow(RangeError);
  });

  it.each([
    [1, 'första'],
    [2, 'andra'],
    [3, 'tredje'],
    [12, 'tolfte'],
    [20, 'tjugonde'],
    [21, 'tjugoförsta'],
    [26, 'tjugosjätte'],
    [30, 'trettionde'],
    [31, 'trettioförsta'],
  ])('ordinal %i → %s', (n, words) => expect(ordinal(n)).toBe(words));

  it('has no ordinal outside 1–99', () => {
    expect(ordinal(0)).toBeNull();
    expect(ordinal(100)).toBeNull();
  });

  it.each([
    [2026, 'tjugohundratjugosex'],
    [2000, 'tvåtusen'],
    [2005, 'tvåtusenfem'],
    [2010, 'tjugohundratio'],
    [1965, 'nittonhundrasextiofem'],
    [1900, 'nittonhundra'],
  ])('year %i → %s', (n, words) => expect(year(n)).toBe(words));

  it('reads digits one by one', () => expect(digits('0701')).toBe('noll sju noll ett'));
});
