/**
 * `gdial audit verify [--manifest <file>]`: checks the chain with the audit key, against the
 * anchor file and, when given, an export manifest the auditor kept, on gdial.db or on the
 * PostgreSQL database GDIAL_DATABASE_URL names. Exit 0 intact, 1 not intact,
 * 2 could not check (no database, no key here).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { anchorPath, readAnchor } from '../audit/audit-anchor';
import { keyBytes } from '../audit/audit-hash';
import { openReadOnlySqlite, readKeyedFrom } from '../audit/audit-store';
import { verifyAuditChain, type ManifestClaim, type VerifyKeys } from '../audit/audit-verify';
import { auditManifestClaimSchema, type AuditVerifyResult } from '../contract';
import { findResourcesDir } from '../config/paths';
import { openPostgres } from '../db/open-postgres';
import { chosenDatabaseUrl } from '../db/open-store';
import { databaseFile } from '../db/read-only';
import type { Store } from '../db/store';
import { AppError } from '../errors';
import { lockOwner } from '../lock/data-dir-lock';
import { SecretStore } from '../secrets/secret-store';
import type { CliIo, CommonFlags } from './commands';
import { connectEngine } from './engine-client';

function readManifest(file: string): ManifestClaim {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new AppError('validation', `${file} cannot be read as an export manifest (${(error as Error).message})`, { code: 'cli.bad_manifest' });
  }
  const claim = auditManifestClaimSchema.safeParse(parsed);
  if (!claim.success) throw new AppError('validation', `${file} is not an audit export manifest (it needs headId and headHash)`, { code: 'cli.bad_manifest' });
  return claim.data;
}

function print(result: AuditVerifyResult, flags: CommonFlags, io: CliIo): number {
  if (flags.json) io.out(JSON.stringify(result));
  else if (result.intact) {
    const anchor = result.anchorRows == null ? 'no anchor (audit log from before the audit key)' : `anchor at row ${result.anchorRows}`;
    io.out(`Audit log intact: ${result.checked} rows verified; ${anchor}.`);
    if (result.notice) io.out(`Note: ${result.notice}.`);
  } else if (result.firstBrokenId !== null) {
    io.err(`Audit log BROKEN at row ${result.firstBrokenId}: ${result.problem} (${result.checked} rows verified before it).`);
  } else io.err(`Audit log NOT INTACT: ${result.problem} (${result.checked} rows verified).`);
  return result.intact ? 0 : 1;
}

/**
 * The database the engine of this data directory uses: PostgreSQL when GDIAL_DATABASE_URL says so
 * (the key and the anchor stay in the data directory), else gdial.db, read-only, beside a live engine.
 */
async function openDatabaseToVerify(dataDir: string): Promise<Store> {
  const url = chosenDatabaseUrl(undefined, process.env);
  if (url) return openPostgres({ url, migrationsFolder: path.join(findResourcesDir(), 'migrations-pg'), max: 2 });
  const file = databaseFile(dataDir);
  if (!existsSync(file)) {
    throw new AppError('not_found', `There is no GDial database in ${path.resolve(dataDir)}`, { code: 'db.missing' });
  }
  return openReadOnlySqlite(file);
}

/** The key lives in the OS keyring here: only the running GDial can use it. */
async function viaRunningEngine(flags: CommonFlags, manifest: ManifestClaim | null, io: CliIo, reason: string): Promise<number> {
  const owner = lockOwner(flags.dataDir);
  if (!owner?.url || !owner.localToken) {
    io.err(`The audit key cannot be read here (${reason}). Start GDial and verify from Loggar › Granskningslogg, run this again while it runs, or set GDIAL_AUDIT_KEY.`);
    return 2;
  }
  const client = await connectEngine(flags.dataDir);
  try {
    return print(await client.call('audit.verify', manifest ? { manifest } : {}), flags, io);
  } finally {
    await client.close();
  }
}

export async function auditVerify(flags: CommonFlags & { manifest?: string | undefined }, io: CliIo): Promise<number> {
  const manifest = flags.manifest ? readManifest(flags.manifest) : null;
  let secret: string | null;
  try {
    secret = new SecretStore(flags.dataDir, process.env, null).get('auditKey');
  } catch (error) {
    return viaRunningEngine(flags, manifest, io, (error as Error).message);
  }
  const store = await openDatabaseToVerify(flags.dataDir);
  try {
    let keys: VerifyKeys = { key: null, anchor: null };
    if (secret) {
      const key = keyBytes(secret);
      // The anchor before the database: a running engine only adds a checkpoint after its commit,
      // so the database read next is never behind what the anchor says.
      keys = { key, anchor: readAnchor(anchorPath(flags.dataDir), key) };
    } else if ((await readKeyedFrom(store)) !== null) {
      io.err('This audit log is sealed with an audit key, but the key is not in the secret store here (secrets.json or GDIAL_AUDIT_KEY): it cannot be checked.');
      return 2;
    }
    return print(await verifyAuditChain(store, manifest, keys), flags, io);
  } finally {
    await store.close();
  }
}
