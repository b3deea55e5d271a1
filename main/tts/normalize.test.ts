import { describe, expect, it } from 'vitest';
import { normalizeForSpeech } from './normalize';

const sv = (text: string) => normalizeForSpeech(text, 'sv');
const en = (text: string) => normalizeForSpeech(text, 'en');

describe('Swedish text for speech', () => {
  it.each([
    // Phone numbers: the national form, digit by digit, in groups (see phone-numbers.ts).
    ['070-123 45 67', 'noll sju noll, ett två tre, fyra fem, sex sju'],
    ['+46 70 123 45 67', 'noll sju noll, ett två tre, fyra fem, sex sju'],
    ['+46701234567', 'noll sju noll, ett två tre, fyra fem, sex sju'],
    ['0701234567', 'noll sju noll, ett två tre, fyra fem, sex sju'],
    ['070-1234567', 'noll sju noll, ett två tre, fyra fem, sex sju'],
    ['08-123 456 78', 'noll åtta, ett två tre, fyra fem sex, sju åtta'],
    ['+46 (0)8-123 456 78', 'noll åtta, ett två tre, fyra fem sex, sju åtta'],
    ['0812345678', 'noll åtta, ett två tre, fyra fem sex, sju åtta'],
    ['031-12 34 56', 'noll tre ett, ett två, tre fyra, fem sex'],
    ['+47 22 33 44 55', 'plus fyra sju, två två, tre tre, fyra fyra, fem fem'],
    ['Ring 070-123 45 67.', 'Ring noll sju noll, ett två tre, fyra fem, sex sju.'],
    ['Ring 070-123 45 67 12 personer', 'Ring noll sju noll, ett två tre, fyra fem, sex sju tolv personer'],
    ['Ring 112 eller 114 14', 'Ring ett ett två eller ett ett fyra, ett fyra'],
    ['Kontakta 1177.', 'Kontakta elva sjuttiosju.'],
  ])('phone: %s', (text, spoken) => expect(sv(text)).toBe(spoken));

  it.each([
    ['kl. 14.30', 'klockan fjorton och trettio'],
    ['kl 14:30', 'klockan fjorton och trettio'],
    ['klockan 14.30', 'klockan fjorton och trettio'],
    ['kl. 08.00', 'klockan åtta'],
    ['Kl. 08.00 samling.', 'Klockan åtta samling.'],
    ['kl. 14.05', 'klockan fjorton noll fem'],
    ['kl 7', 'klockan sju'],
    ['kl. 00.15', 'klockan noll och femton'],
    ['Samling 19.45 vid stationen', 'Samling nitton och fyrtiofem vid stationen'],
    ['mellan 14.30-16.00', 'mellan fjorton och trettio till sexton'],
    ['kl. 24.00', 'klockan tjugofyra'],
  ])('time: %s', (text, spoken) => expect(sv(text)).toBe(spoken));

  it.each([
    ['2026-11-26', 'den tjugosjätte november tjugohundratjugosex'],
    ['den 2026-11-26', 'den tjugosjätte november tjugohundratjugosex'],
    ['26/11', 'den tjugosjätte november'],
    ['Den 1/5 kl. 10.00', 'Den första maj klockan tio'],
    ['26/11/2026', 'den tjugosjätte november tjugohundratjugosex'],
    ['den 3 december', 'den tredje december'],
    ['1:a maj', 'den första maj'],
    ['2026-13-45', 'tvåtusen tjugosex till tretton till fyrtiofem'],
  ])('date: %s', (text, spoken) => expect(sv(text)).toBe(spoken));

  it.each([
    ['3 personer', 'tre personer'],
    ['1 person och 1 bil', 'en person och en bil'],
    ['250 liter', 'tvåhundra femtio liter'],
    ['12 500 liter', 'tolvtusen femhundra liter'],
    ['1.500 kr', 'tusen femhundra kronor'],
    ['Storgatan 5, 123 45 Åby', 'Storgatan fem, ett två tre, fyra fem Åby'],
    ['Storgatan 5 123 45 Åby', 'Storgatan fem ett två tre, fyra fem Åby'],
    ['version 1.2.3', 'version ett.två.tre'],
    ['999999', 'niohundra nittioniotusen niohundra nittionio'],
    ['1 234 567', 'en miljon tvåhundra trettiofyratusen femhundra sextiosju'],
    ['2,5 km', 'två komma fem kilometer'],
    ['0,05', 'noll komma noll fem'],
    ['-5 °C', 'minus fem grader'],
    ['5-10 personer', 'fem till tio personer'],
    ['90 %', 'nittio procent'],
    ['15 min', 'femton minuter'],
    ['Storgatan 12B', 'Storgatan tolv B'],
    ['väg E4', 'väg E fyra'],
    ['3:e larmet', 'tredje larmet'],
    ['kod 007', 'kod noll noll sju'],
    ['0,5 l', 'noll komma fem l'],
    ['1,2,3', 'ett,två,tre'],
    ['år 2026', 'år tvåtusen tjugosex'],
  ])('number: %s', (text, spoken) => expect(sv(text)).toBe(spoken));

  it.each([
    ['t.ex. rök', 'till exempel rök'],
    ['T.ex. rök', 'Till exempel rök'],
    ['bl.a. rök', 'bland annat rök'],
    ['ca 30 personer', 'cirka trettio personer'],
    ['c:a 30', 'cirka trettio'],
    ['nr 12', 'nummer tolv'],
    ['5 st. bilar', 'fem stycken bilar'],
    ['slangar m.m.', 'slangar med mera.'],
    ['rök, eld o.s.v. Sedan', 'rök, eld och så vidare. Sedan'],
    ['p.g.a. snö', 'på grund av snö'],
    ['pga snö', 'på grund av snö'],
    ['tel. 112', 'telefon ett ett två'],
    ['ev. rökdykare', 'eventuellt rökdykare'],
    ['Samling kl. 7', 'Samling klockan sju'],
    ['Svara med kl. i svaret', 'Svara med klockan i svaret'],
    ['dvs. nu', 'det vill säga nu'],
    ['fr.o.m. i dag', 'från och med i dag'],
  ])('abbreviation: %s', (text, spoken) => expect(sv(text)).toBe(spoken));

  it('leaves capitalised names and acronyms alone', () => {
    expect(sv('Varning från SMHI via RAKEL, CA och NR')).toBe('Varning från SMHI via RAKEL, CA och NR');
    expect(sv('Nr 5 och Ca 10')).toBe('Nummer fem och Cirka tio');
  });

  it('does not expand abbreviations inside words', () => {
    expect(sv('carport, telefonist, stationen, kla')).toBe('carport, telefonist, stationen, kla');
  });

  it('turns line breaks into pauses and tidies spaces', () => {
    expect(sv('Brand i Åby\nSamling vid stationen')).toBe('Brand i Åby. Samling vid stationen');
    expect(sv('Brand i Åby.\r\n\r\n  Samling\u00a0nu  ')).toBe('Brand i Åby. Samling nu');
  });

  it('speaks a whole alert', () => {
    expect(sv('Brand i Åby industriområde. Samling kl. 14.30 vid stationen, Storgatan 5. Ring 070-123 45 67 vid förhinder.')).toBe(
      'Brand i Åby industriområde. Samling klockan fjorton och trettio vid stationen, Storgatan fem. Ring noll sju noll, ett två tre, fyra fem, sex sju vid förhinder.',
    );
  });
});

describe('English text for speech', () => {
  it.each([
    ['Call +46 70 123 45 67', 'Call zero seven zero, one two three, four five, six seven'],
    ['at 14:30', 'at fourteen thirty'],
    ['at 08.00', "at eight o'clock"],
    ['at 14:05', 'at fourteen oh five'],
    ['from 14:30-16:00', "from fourteen thirty to sixteen o'clock"],
    ['on 2026-11-26', 'on November twenty-sixth, twenty twenty-six'],
    ['12 people', '12 people'],
  ])('%s', (text, spoken) => expect(en(text)).toBe(spoken));
});
