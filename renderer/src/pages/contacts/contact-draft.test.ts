import { describe, expect, it } from 'vitest';
import type { Contact } from '@contract';
import { moveItem } from '../../components/use-reorder';
import { draftOf, newNumber, planSave } from './contact-draft';

const asa: Contact = {
  id: 7,
  name: 'Åsa Öberg',
  organisation: 'Räddningstjänsten',
  title: '',
  email: '',
  language: 'sv',
  notes: '',
  tags: ['insats'],
  active: true,
  externalId: null,
  numbers: [
    { id: 1, e164: '+46701234567', raw: '070-123 45 67', kind: 'mobile', label: 'mobil', priority: 0, voiceCapable: true, smsCapable: true, smsOptedOut: false },
    { id: 2, e164: '+46812345678', raw: '08-123 456 78', kind: 'landline', label: '', priority: 1, voiceCapable: true, smsCapable: false, smsOptedOut: false },
  ],
  groups: [],
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt: '2025-01-01T00:00:00.000Z',
};

describe('saving a contact from the drawer', () => {
  it('sends nothing when nothing changed', () => {
    expect(planSave(asa, draftOf(asa))).toEqual({ kind: 'unchanged' });
  });

  it('sends only the changed fields, and the numbers in their new order when reordered', () => {
    const draft = draftOf(asa);
    draft.title = 'Styrkeledare';
    draft.numbers = moveItem(draft.numbers, 0, 1);
    const plan = planSave(asa, draft);
    expect(plan).toMatchObject({
      kind: 'update',
      input: {
        title: 'Styrkeledare',
        numbers: [
          { number: '+46812345678', label: '' },
          { number: '+46701234567', label: 'mobil' },
        ],
      },
    });
    expect(Object.keys(plan.kind === 'update' ? plan.input : {}).sort()).toEqual(['numbers', 'title']);
  });

  it('leaves out number rows without a number and keeps the keys of those sent, to place the engine\'s errors', () => {
    const draft = draftOf(null);
    draft.name = 'Ny Person';
    const kept = newNumber('070-12', 'mobil');
    draft.numbers = [newNumber('', 'mobil'), kept];
    const plan = planSave(null, draft);
    expect(plan.kind === 'create' && plan.input.numbers).toEqual([{ number: '070-12', label: 'mobil' }]);
    expect(plan.kind === 'create' && plan.sentKeys).toEqual([kept.key]);
  });
});
