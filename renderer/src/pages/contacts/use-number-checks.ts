/** Live check of numbers while they are typed: the engine says what each will become, or why not. */
import { useEffect, useRef, useState } from 'react';
import type { NumberCheck } from '@contract';
import { useApi } from '../../api/ApiProvider';

const DELAY_MS = 350;

export type CheckState = NumberCheck | 'pending' | undefined;

/** `contactId`: the contact being edited, whose own numbers are not "someone else's". */
export function useNumberChecks(texts: string[], contactId?: number): (text: string) => CheckState {
  const api = useApi();
  const [results, setResults] = useState<ReadonlyMap<string, NumberCheck>>(new Map());
  const asked = useRef(new Set<string>());
  const key = texts.map((x) => x.trim()).join('\n');

  useEffect(() => {
    const wanted = key.split('\n').filter((x) => x !== '' && !asked.current.has(x));
    if (wanted.length === 0) return;
    const timer = setTimeout(() => {
      for (const text of wanted) {
        asked.current.add(text);
        api.call('contacts.checkNumber', { number: text, ...(contactId ? { exceptContactId: contactId } : {}) }).then(
          (check) => setResults((m) => new Map(m).set(text, check)),
          // Not knowing is not a verdict: Save still gets the engine's answer.
          () => asked.current.delete(text),
        );
      }
    }, DELAY_MS);
    return () => clearTimeout(timer);
  }, [api, key, contactId]);

  return (text) => {
    const trimmed = text.trim();
    if (trimmed === '') return undefined;
    return results.get(trimmed) ?? 'pending';
  };
}
