/**
 * The strength estimate itself (zxcvbn-ts with its common and English dictionaries plus a short
 * Swedish list). It runs in the password worker thread (password-strength.ts): a single estimate
 * can take a few hundred milliseconds, which the engine's loop must never spend.
 */
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as en from '@zxcvbn-ts/language-en';
import { swedishWords } from './swedish-words';

let estimator: ZxcvbnFactory | null = null;
/** Built on first use: loading the dictionaries takes a moment. */
function strength(): ZxcvbnFactory {
  estimator ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...en.dictionary, swedish: [...swedishWords] },
    graphs: common.adjacencyGraphs,
    translations: en.translations,
    // The cost grows steeply with length and with leet-speak candidates (a second for 256
    // characters with the defaults). The first 64 characters decide (a password weak in its
    // first 64 is refused, which is safe), and at most 20 leet substitutions are tried: that
    // still finds "p4ssw0rd".
    maxLength: 64,
    l33tMaxSubstitutions: 20,
  });
  return estimator;
}

/** zxcvbn's score, 0 (guessed at once) to 4 (very unguessable). */
export function estimateScore(password: string, userInputs: string[]): number {
  return strength().check(password, userInputs).score;
}
