/** What the alerts end-to-end tests need besides the harness: a scripted carrier, people, users. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
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

/** A second operator, created by the signed-in administrator on Användare. */
export async function createOperator(page: Page, user: { username: string; displayName: string; password: string }): Promise<void> {
  await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Användare' }).click();
  await page.getByRole('heading', { level: 1, name: 'Användare' }).waitFor();
  await page.getByRole('button', { name: 'Ny användare' }).click();
  const form = page.getByRole('dialog', { name: 'Ny användare' });
  await form.getByRole('textbox', { name: 'Användarnamn', exact: true }).fill(user.username);
  await form.getByRole('textbox', { name: 'Visningsnamn', exact: true }).fill(user.displayName);
  await form.getByRole('combobox', { name: 'Roll' }).selectOption('operator');
  await form.getByRole('textbox', { name: 'Lösenord', exact: true }).fill(user.password);
  await form.getByRole('textbox', { name: 'Upprepa lösenordet', exact: true }).fill(user.password);
  await form.getByRole('button', { name: 'Skapa' }).click();
  await form.waitFor({ state: 'detached' });
}

/** The first-run screen: the first administrator, signed in at once. */
export async function signUpFirstAdmin(page: Page, url: string, admin: { username: string; displayName: string; password: string }): Promise<void> {
  await page.goto(url);
  await page.getByRole('heading', { level: 1, name: 'Välkommen till GDial' }).waitFor();
  await page.getByRole('textbox', { name: 'Användarnamn', exact: true }).fill(admin.username);
  await page.getByRole('textbox', { name: 'Visningsnamn', exact: true }).fill(admin.displayName);
  await page.getByRole('textbox', { name: 'Lösenord', exact: true }).fill(admin.password);
  await page.getByRole('textbox', { name: 'Upprepa lösenordet', exact: true }).fill(admin.password);
  await page.getByRole('button', { name: 'Skapa administratör' }).click();
  await page.getByRole('heading', { level: 1, name: 'Översikt' }).waitFor();
}

/** The contacts import wizard, start to finish, with a CSV written to `dir`; returns the result text. */
export async function importContactsCsv(page: Page, dir: string, csv: string): Promise<string> {
  await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Kontakter' }).click();
  await page.getByRole('heading', { level: 1, name: 'Kontakter' }).waitFor();
  await page.getByRole('button', { name: 'Importera' }).click();
  const wizard = page.getByRole('dialog', { name: 'Importera kontakter' });
  const file = path.join(dir, 'larmgrupper.csv');
  writeFileSync(file, csv, 'utf8');
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), wizard.getByRole('button', { name: 'Välj fil' }).click()]);
  await chooser.setFiles(file);
  await wizard.getByRole('button', { name: 'Läs filen' }).click();
  await wizard.getByRole('heading', { name: 'Kontrollera kolumnerna' }).waitFor();
  await wizard.getByRole('button', { name: 'Nästa' }).click();
  await wizard.getByRole('heading', { name: 'Granska raderna' }).waitFor();
  await wizard.getByRole('button', { name: 'Nästa' }).click();
  await wizard.getByRole('button', { name: 'Importera' }).click();
  await wizard.getByTestId('import-result').waitFor();
  const result = (await wizard.getByTestId('import-result').textContent()) ?? '';
  await wizard.getByRole('button', { name: 'Stäng', exact: true }).last().click();
  await wizard.waitFor({ state: 'detached' });
  return result;
}
