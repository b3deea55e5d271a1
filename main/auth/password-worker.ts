/** Worker thread entry: answers password-strength estimates (password-strength.ts) one by one. */
import { parentPort, threadId } from 'node:worker_threads';
import { estimateScore } from './password-strength-core';
import type { StrengthReply, StrengthRequest } from './password-strength';

parentPort!.on('message', (req: StrengthRequest) => {
  let reply: StrengthReply;
  try {
    reply = { id: req.id, score: estimateScore(req.password, req.userInputs), threadId };
  } catch (error) {
    reply = { id: req.id, error: String(error), threadId };
  }
  parentPort!.postMessage(reply);
});
