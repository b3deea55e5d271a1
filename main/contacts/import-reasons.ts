/**
 * Why an import row is skipped, or what an update changes, as codes with parameters
 * (contract/vocabulary.ts `importReasons`): the console says them in its language, the CLI in
 * Swedish, and `message` keeps the English for logs.
 */
import { fillWords, vocabularyIn, type Reason, type ReasonParams, type VocabularyLanguage } from '../contract';
import type { importReasonWords } from '../contract';

export type ImportReasonCode = keyof typeof importReasonWords;

/**
 * Parameters that are codes themselves are said first: `problem` (a number problem) and `field`
 * (a contact field). The console does the same with its own translations.
 */
function said(language: VocabularyLanguage, params: ReasonParams): ReasonParams {
  const words = vocabularyIn(language);
  const out = { ...params };
  if (typeof out.problem === 'string') out.problem = (words.phoneProblems as Record<string, string>)[out.problem] ?? out.problem;
  if (typeof out.field === 'string') out.field = (words.contactFields as Record<string, string>)[out.field] ?? out.field;
  return out;
}

export function importReasonText(language: VocabularyLanguage, reason: Pick<Reason, 'code' | 'params'>): string {
  const text = (vocabularyIn(language).importReasons as Record<string, string>)[reason.code];
  return text === undefined ? reason.code : fillWords(text, said(language, reason.params));
}

export function importReason(code: ImportReasonCode, params: ReasonParams = {}): Reason {
  return { code, params, message: importReasonText('en', { code, params }) };
}

/** Several reasons as one line ("a; b"), as the CLI and the English `reason` print them. */
export function importReasonsLine(language: VocabularyLanguage, reasons: Reason[]): string | null {
  return reasons.length ? reasons.map((r) => importReasonText(language, r)).join('; ') : null;
}
