import { describe, expect, it } from 'vitest';
import { crossBuildProblem, distPlan, targetOs } from './dist-config';

const AZURE = {
  AZURE_SIGNING_ENDPOINT: 'https://weu.codesigning.azure.net',
  AZURE_SIGNING_ACCOUNT: 'gdial',
  AZURE_SIGNING_PROFILE: 'gdial-public',
  AZURE_SIGNING_PUBLISHER: 'GDial AB',
  AZURE_TENANT_ID: 'tenant',
  AZURE_CLIENT_ID: 'client',
  AZURE_CLIENT_SECRET: 'client-secret-value',
};

describe('npm run dist: target and signing from the environment', () => {
  it('builds for the OS named, or the one it runs on, and never across', () => {
    expect(targetOs(['--mac'], 'linux')).toBe('mac');
    expect(targetOs([], 'win32')).toBe('win');
    expect(() => targetOs(['--mac', '--win'], 'darwin')).toThrow(/one OS at a time/);
    expect(crossBuildProblem('win', 'linux')).toMatch(/dist:win must run on Windows/);
    expect(crossBuildProblem('linux', 'linux')).toBeNull();
  });

  it('Windows: signtool with CSC_LINK, or Azure Trusted Signing from AZURE_* (which wins)', () => {
    expect(distPlan('win', {})).toMatchObject({ signing: 'unsigned', problems: [] });
    expect(distPlan('win', { CSC_LINK: '/secure/gdial.pfx', CSC_KEY_PASSWORD: 'pw' })).toMatchObject({ signing: 'signtool-certificate', overrides: {}, problems: [] });
    expect(distPlan('win', { WIN_CSC_LINK: '/secure/gdial.pfx' }).notes.join()).toMatch(/No CSC_KEY_PASSWORD/);
    const azure = distPlan('win', { ...AZURE, CSC_LINK: '/secure/gdial.pfx' });
    expect(azure.signing).toBe('azure-trusted-signing');
    expect(azure.overrides).toEqual({
      win: { azureSignOptions: { endpoint: AZURE.AZURE_SIGNING_ENDPOINT, codeSigningAccountName: 'gdial', certificateProfileName: 'gdial-public', publisherName: 'GDial AB' } },
    });
    // The Entra secret is read by the signing tool from the environment; it never enters the config.
    expect(JSON.stringify(azure)).not.toContain(AZURE.AZURE_CLIENT_SECRET);
  });

  it('refuses a half-configured Azure signing, naming what is missing', () => {
    const { AZURE_SIGNING_PROFILE: _p, AZURE_CLIENT_SECRET: _s, ...partial } = AZURE;
    const plan = distPlan('win', partial);
    expect(plan.problems.join()).toMatch(/AZURE_SIGNING_PROFILE/);
    expect(plan.problems.join()).toMatch(/AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH/);
    expect(plan.overrides).toEqual({});
  });

  it('macOS: notarization from an App Store Connect API key, an Apple ID, or a keychain profile', () => {
    expect(distPlan('mac', { APPLE_API_KEY: '/k.p8', APPLE_API_KEY_ID: 'K', APPLE_API_ISSUER: 'I' }).notarization).toBe('app-store-connect-api-key');
    expect(distPlan('mac', { APPLE_ID: 'a@b.se', APPLE_APP_SPECIFIC_PASSWORD: 'x', APPLE_TEAM_ID: 'T' }).notarization).toBe('apple-id');
    expect(distPlan('mac', { APPLE_KEYCHAIN_PROFILE: 'gdial' }).notarization).toBe('keychain-profile');
    expect(distPlan('mac', { APPLE_ID: 'a@b.se' }).problems.join()).toMatch(/APPLE_APP_SPECIFIC_PASSWORD, APPLE_TEAM_ID/);
    expect(distPlan('mac', {}).notes.join()).toMatch(/Not notarized/);
    expect(distPlan('mac', { CSC_LINK: '/secure/id.p12' }).signing).toBe('certificate');
    expect(distPlan('mac', {}).signing).toBe('keychain-identity');
  });

  it('with GDIAL_REQUIRE_SIGNING=1, an unsigned or unnotarized build is refused before it starts', () => {
    const win = distPlan('win', { GDIAL_REQUIRE_SIGNING: '1' });
    expect(win.problems.join()).toMatch(/nothing can sign/);
    expect(win.overrides.forceCodeSigning).toBe(true);
    expect(distPlan('win', { GDIAL_REQUIRE_SIGNING: '1', ...AZURE }).problems).toEqual([]);
    const mac = distPlan('mac', { GDIAL_REQUIRE_SIGNING: '1', CSC_LINK: '/id.p12' });
    expect(mac.problems.join()).toMatch(/notarization is not/);
    expect(distPlan('mac', { GDIAL_REQUIRE_SIGNING: '1', CSC_LINK: '/id.p12', APPLE_KEYCHAIN_PROFILE: 'p' }).problems).toEqual([]);
    expect(distPlan('linux', { GDIAL_REQUIRE_SIGNING: '1' })).toMatchObject({ problems: [], overrides: {} });
  });
});
