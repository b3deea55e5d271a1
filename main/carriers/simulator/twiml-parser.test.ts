import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTwiml, TwimlError, type TwimlNode } from './twiml-parser';

describe('parseTwiml', () => {
  it('reads verbs, attributes, entities, CDATA and comments', () => {
    const root = parseTwiml(`\uFEFF<?xml version="1.0" encoding="UTF-8"?>
      <!-- alert -->
      <Response>
        <Say voice='alice' language="sv-SE">Brand &amp; r&#246;k &lt;h&#xE4;r&gt;</Say>
        <Gather numDigits="1" action="/g?a=1&amp;b=2"><Say><![CDATA[Tryck <1>]]></Say></Gather>
        <Pause length="2"/>
        <Hangup />
      </Response>`);
    expect(root.children.map((c) => c.name)).toEqual(['Say', 'Gather', 'Pause', 'Hangup']);
    expect(root.children[0]).toMatchObject({ attrs: { voice: 'alice', language: 'sv-SE' }, text: 'Brand & rök <här>' });
    expect(root.children[1]!.attrs.action).toBe('/g?a=1&b=2');
    expect(root.children[1]!.children[0]!.text).toBe('Tryck <1>');
    expect(root.children[2]!.attrs.length).toBe('2');
  });

  it.each([
    ['a DTD (entity expansion)', '<!DOCTYPE r [<!ENTITY a "aaaa">]><Response>&a;</Response>', /DTD/],
    ['an unknown entity', '<Response>&a;</Response>', /Unknown entity/],
    ['a bare ampersand', '<Response><Say>a & b</Say></Response>', /Bare/],
    ['mismatched tags', '<Response><Say>x</Pause></Response>', /closes/],
    ['an unclosed element', '<Response><Say>x', /Unclosed/],
    ['a root other than Response', '<Reply/>', /not <Response>/],
    ['trailing content', '<Response/><Response/>', /after the root/],
    ['unquoted attributes', '<Response><Pause length=2/></Response>', /quoted/],
    ['duplicate attributes', '<Response><Pause length="1" length="2"/></Response>', /Duplicate/],
    ['empty input', '', /Expected an element/],
  ])('refuses %s', (_what, xml, message) => {
    expect(() => parseTwiml(xml)).toThrow(TwimlError);
    expect(() => parseTwiml(xml)).toThrow(message);
  });

  it('refuses documents over 64 KB and nesting deeper than 32', () => {
    expect(() => parseTwiml(`<Response><Say>${'a'.repeat(70_000)}</Say></Response>`)).toThrow(/64 KB/);
    expect(() => parseTwiml(`<Response>${'<a>'.repeat(40)}${'</a>'.repeat(40)}</Response>`)).toThrow(/deeply/);
  });

  const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const serialize = (n: TwimlNode): string =>
    `<${n.name}${Object.entries(n.attrs)
      .map(([k, v]) => ` ${k}="${escape(v)}"`)
      .join('')}>${escape(n.text)}${n.children.map(serialize).join('')}</${n.name}>`;
  const name = fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,8}$/);
  // Printable text, including XML's special characters; lone surrogates and C0 controls are not XML.
  const text = fc.string({ maxLength: 20, unit: fc.constantFrom('a', 'Ö', ' ', '\n', '<', '>', '&', '"', "'", ';', '#', '😀', 'x') });
  const level = (children: fc.Arbitrary<TwimlNode[]>): fc.Arbitrary<TwimlNode> =>
    fc.record({ name, attrs: fc.dictionary(name, text, { maxKeys: 3 }), children, text });
  const leaf = level(fc.constant([]));
  const node = level(fc.array(level(fc.array(leaf, { maxLength: 3 })), { maxLength: 3 }));

  it('reads back whatever a serializer writes (names, attributes, escaped text)', () => {
    fc.assert(
      fc.property(fc.array(node, { maxLength: 4 }), text, (children, rootText) => {
        const root: TwimlNode = { name: 'Response', attrs: {}, children, text: rootText };
        expect(parseTwiml(serialize(root))).toEqual(root);
      }),
      { numRuns: 200 },
    );
  });
});
