/**
 * A reason as the engine sends it: a stable code with parameters, which the console and the
 * exports put into words from the vocabulary (./vocabulary.ts), and an English `message` for
 * logs, integrators and any client that does not know the code yet.
 */
import { z } from 'zod';

export const reasonSchema = z.object({
  code: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
  message: z.string(),
});
export type Reason = z.infer<typeof reasonSchema>;
