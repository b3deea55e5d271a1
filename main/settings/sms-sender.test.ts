/** One SMS sender rule (contract/sms-sender.ts) for the engine's settings and the console's form. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isValidSmsSender, smsSenderSchema } from '../contract';
import type { Connection } from '../rpc/router';
import { engineBackends, startTestEngineOn, type EngineBackend } from '../test-support/backends';
import type { TestEngine } from '../test-support/engine-fixture';

describe('the SMS sender rule', () => {
  it('takes an E.164 number or an alphanumeric ID of 1–11 ASCII characters with a letter', () => {
    for (const ok of ['+46701234567', 'GDial', 'Raddning 1', 'ABCDEFGHIJK', ' GDial ']) expect(isValidSmsSender(ok), ok).toBe(true);
    for (const bad of ['', '0701234567', 'ABCDEFGHIJKL', 'Räddning', '12345', 'Larm-112', '+0701234567']) expect(isValidSmsSender(bad), bad).toBe(false);
    expect(smsSenderSchema.parse('  GDial ')).toBe('GDial');
  });
});

describe.each(engineBackends())('the engine applies it to settings on $name', (backend: EngineBackend) => {
  let t: TestEngine;
  let admin: Connection;
  beforeAll(async () => {
    t = await startTestEngineOn(backend);
    admin = await t.signedIn('admin');
  });
  afterAll(() => t.stop());

  it('refuses an invalid sender naming smsSender, and saves a valid one', async () => {
    const refused = await t.engine.router.call(admin, 'settings.update', { smsSender: 'Räddningstjänsten' });
    expect(refused).toMatchObject({ ok: false, error: { kind: 'validation', fields: [expect.objectContaining({ path: 'smsSender' })] } });
    const saved = await t.call(admin, 'settings.update', { smsSender: 'Raddning' });
    expect(saved.values.smsSender).toBe('Raddning');
  });
});
