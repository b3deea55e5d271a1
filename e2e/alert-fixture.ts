/** What the alerts end-to-end tests need besides the harness: a scripted carrier and people (the console steps: console-steps.ts). */
import { startSimulator } from '../main/carriers/simulator';
import type { Simulator } from '../main/carriers/simulator';

/** Everyone answers within milliseconds and presses 1: a drill that completes in seconds. */
export function startConfirmingSimulator(): Promise<Simulator> {
  return startSimulator(
    {
      latencyMs: { min: 5, max: 30 },
      ringMs: { min: 50, max: 200 },
      talkMs: { min: 20, max: 60 },
      timeScale: 0.05,
      outcomes: { answer: 1, busy: 0, noAnswer: 0, voicemail: 0, failed: 0 },
      dtmf: { '1': 1 },
    },
    { port: 0 },
  );
}

/** A semicolon CSV as Swedish Excel saves it: a small crew and a large reserve, each a group. */
export function groupsCsv(crew: string[], reserves: number): string {
  return [
    'namn;mobil;grupp',
    ...crew.map((name, i) => `${name};070-100 00 0${i + 1};Insatsstyrka`),
    ...Array.from({ length: reserves }, (_, i) => `Reserv ${String(i + 1).padStart(2, '0')};0702${String(i + 1).padStart(6, '0')};Reservstyrka`),
  ].join('\r\n');
}
