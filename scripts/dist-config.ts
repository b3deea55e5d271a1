/**
 * What `npm run dist:*` adds to electron-builder.yml from the environment: how the build will be
 * signed and notarized, named without ever printing a secret, and refused when a release must
 * be signed (GDIAL_REQUIRE_SIGNING=1) and cannot be. Pure, so it is tested without building.
 */
export type TargetOs = 'win' | 'mac' | 'linux';

export const PLATFORM_OF: Record<TargetOs, NodeJS.Platform> = { win: 'win32', mac: 'darwin', linux: 'linux' };
const OS_NAME: Record<TargetOs, string> = { win: 'Windows', mac: 'macOS', linux: 'Linux' };

/** `--win`, `--mac` or `--linux`; without one, the OS this runs on. */
export function targetOs(argv: string[], platform: NodeJS.Platform): TargetOs {
  const named = (['win', 'mac', 'linux'] as const).filter((os) => argv.includes(`--${os}`));
  if (named.length > 1) throw new Error(`Build one OS at a time (got ${named.map((os) => `--${os}`).join(' ')})`);
  if (named[0]) return named[0];
  const host = (Object.keys(PLATFORM_OF) as TargetOs[]).find((os) => PLATFORM_OF[os] === platform);
  if (!host) throw new Error(`GDial has no installer for ${platform}`);
  return host;
}

/**
 * Installers are built on the OS they are for: better-sqlite3 is compiled for Electron on the
 * machine that builds (scripts/build-electron-native.ts), and a Windows .node cannot come from
 * Linux. Null when fine, else why not.
 */
export function crossBuildProblem(os: TargetOs, platform: NodeJS.Platform): string | null {
  return PLATFORM_OF[os] === platform ? null : `npm run dist:${os} must run on ${OS_NAME[os]}: the database module is compiled for the OS that builds it.`;
}

/** Azure Trusted Signing: where and as whom (Microsoft Entra ID credentials are read by the signing tool itself). */
export const AZURE_VARIABLES = {
  endpoint: 'AZURE_SIGNING_ENDPOINT',
  codeSigningAccountName: 'AZURE_SIGNING_ACCOUNT',
  certificateProfileName: 'AZURE_SIGNING_PROFILE',
  publisherName: 'AZURE_SIGNING_PUBLISHER',
} as const;
const AZURE_IDENTITY = ['AZURE_TENANT_ID', 'AZURE_CLIENT_ID'];
const AZURE_IDENTITY_SECRET = ['AZURE_CLIENT_SECRET', 'AZURE_CLIENT_CERTIFICATE_PATH'];

export type WinSigning = 'azure-trusted-signing' | 'signtool-certificate' | 'unsigned';
export type MacSigning = 'certificate' | 'keychain-identity' | 'unsigned';
export type Notarization = 'app-store-connect-api-key' | 'apple-id' | 'keychain-profile' | 'none';

export interface DistPlan {
  os: TargetOs;
  signing: WinSigning | MacSigning | 'unsigned';
  notarization: Notarization;
  /** Merged over electron-builder.yml. */
  overrides: Record<string, unknown>;
  /** Why this build cannot go ahead; empty when it can. */
  problems: string[];
  /** Worth saying, not worth stopping for. */
  notes: string[];
}

const set = (env: NodeJS.ProcessEnv, name: string) => !!env[name]?.trim();
const missing = (env: NodeJS.ProcessEnv, names: readonly string[]) => names.filter((n) => !set(env, n));

function winPlan(env: NodeJS.ProcessEnv, plan: DistPlan): void {
  const azureNames = Object.values(AZURE_VARIABLES);
  if (azureNames.some((n) => set(env, n))) {
    const absent = [...missing(env, azureNames), ...missing(env, AZURE_IDENTITY)];
    if (!AZURE_IDENTITY_SECRET.some((n) => set(env, n))) absent.push(AZURE_IDENTITY_SECRET.join(' or '));
    if (absent.length) {
      plan.problems.push(`Azure Trusted Signing is half configured: set ${absent.join(', ')}.`);
      return;
    }
    plan.signing = 'azure-trusted-signing';
    plan.overrides.win = {
      azureSignOptions: Object.fromEntries(Object.entries(AZURE_VARIABLES).map(([key, name]) => [key, env[name]!.trim()])),
    };
    if (set(env, 'CSC_LINK') || set(env, 'WIN_CSC_LINK')) plan.notes.push('CSC_LINK is ignored: Azure Trusted Signing signs this build.');
    return;
  }
  if (set(env, 'WIN_CSC_LINK') || set(env, 'CSC_LINK')) {
    plan.signing = 'signtool-certificate';
    if (!set(env, 'WIN_CSC_KEY_PASSWORD') && !set(env, 'CSC_KEY_PASSWORD')) {
      plan.notes.push('No CSC_KEY_PASSWORD: fine only if the certificate file has no password.');
    }
  }
}

function notarization(env: NodeJS.ProcessEnv, plan: DistPlan): Notarization {
  // The same three ways electron-builder itself accepts, in its order.
  const groups: Array<[Notarization, string[]]> = [
    ['apple-id', ['APPLE_ID', 'APPLE_APP_SPECIFIC_PASSWORD', 'APPLE_TEAM_ID']],
    ['app-store-connect-api-key', ['APPLE_API_KEY', 'APPLE_API_KEY_ID', 'APPLE_API_ISSUER']],
  ];
  for (const [kind, names] of groups) {
    const given = names.filter((n) => set(env, n));
    if (given.length === 0) continue;
    if (given.length < names.length) {
      plan.problems.push(`Notarization is half configured: set ${missing(env, names).join(', ')} as well.`);
      return 'none';
    }
    return kind;
  }
  return set(env, 'APPLE_KEYCHAIN_PROFILE') ? 'keychain-profile' : 'none';
}

function macPlan(env: NodeJS.ProcessEnv, plan: DistPlan): void {
  if (env.CSC_IDENTITY_AUTO_DISCOVERY === 'false' && !set(env, 'CSC_LINK') && !set(env, 'CSC_NAME')) plan.signing = 'unsigned';
  else plan.signing = set(env, 'CSC_LINK') ? 'certificate' : 'keychain-identity';
  plan.notarization = notarization(env, plan);
  if (plan.notarization === 'none') plan.notes.push('Not notarized: Gatekeeper will refuse to open the app on other Macs.');
}

export function distPlan(os: TargetOs, env: NodeJS.ProcessEnv): DistPlan {
  const plan: DistPlan = { os, signing: 'unsigned', notarization: 'none', overrides: {}, problems: [], notes: [] };
  if (os === 'win') winPlan(env, plan);
  if (os === 'mac') macPlan(env, plan);
  if (os === 'linux') plan.notes.push('AppImage and deb are not code-signed: publish their SHA-256 sums (README).');

  if (env.GDIAL_REQUIRE_SIGNING === '1' || env.GDIAL_REQUIRE_SIGNING === 'true') {
    // electron-builder then fails rather than ship an unsigned app.
    if (os !== 'linux') plan.overrides.forceCodeSigning = true;
    if (os === 'win' && plan.signing === 'unsigned') {
      plan.problems.push('GDIAL_REQUIRE_SIGNING is set but nothing can sign: set CSC_LINK and CSC_KEY_PASSWORD, or the AZURE_SIGNING_* and AZURE_* variables.');
    }
    if (os === 'mac' && plan.signing === 'unsigned') plan.problems.push('GDIAL_REQUIRE_SIGNING is set but CSC_IDENTITY_AUTO_DISCOVERY=false and no CSC_LINK.');
    if (os === 'mac' && plan.notarization === 'none') {
      plan.problems.push('GDIAL_REQUIRE_SIGNING is set but notarization is not: set APPLE_API_KEY, APPLE_API_KEY_ID and APPLE_API_ISSUER (or APPLE_ID, APPLE_APP_SPECIFIC_PASSWORD and APPLE_TEAM_ID).');
    }
  }
  return plan;
}
