/**
 * API keys: created, listed and revoked by admins (audited), and checked on every REST request.
 * The secret (`gdk_` + 32 random bytes, base64url) is returned once; only its SHA-256 is stored.
 * Each request reads the key again, so a revocation takes effect at once on every workstation.
 */
import { randomBytes } from 'node:crypto';
import type { ApiKey, ParsedInput } from '../../contract';
import { recordAudit, type Actor } from '../../audit/audit-log';
import { hashToken, type ResolvedSession } from '../../auth/sessions';
import { isUniqueViolation } from '../../db/constraint-errors';
import type { Store } from '../../db/store';
import { iso, isoOrNull, now } from '../../db/tx';
import { AppError, notFound } from '../../errors';
import type { SettingsService } from '../../settings/settings-service';
import { apiKeyByHash, apiKeyById, apiKeyNameTaken, insertApiKey, listApiKeys, revokeApiKey, touchApiKey, type ApiKeyRow } from './api-keys-store';
import { allowlistPermits, patternUseful } from './rest-methods';

export const KEY_PREFIX = 'gdk_';
/** How many characters of the key the console shows (`gdk_` and 8 more): enough to tell keys apart. */
const SHOWN_CHARS = 12;
/** last_used_at is written at most this often per key: a busy key should not cost a write per request. */
export const LAST_USED_EVERY_MS = 60_000;

function patternsOf(row: ApiKeyRow): string[] {
  try {
    const parsed: unknown = JSON.parse(row.allowedMethods);
    return Array.isArray(parsed) ? parsed.filter((p): p is string => typeof p === 'string') : [];
  } catch {
    // A damaged list must not widen the key: it allows nothing.
    return ['(unreadable)'];
  }
}

export const toApiKeyDto = (row: ApiKeyRow): ApiKey => ({
  id: row.id,
  name: row.name,
  role: row.role,
  allowedMethods: patternsOf(row),
  prefix: row.prefix,
  createdAt: iso(row.createdAt),
  createdBy: row.createdBy,
  lastUsedAt: isoOrNull(row.lastUsedAt),
  revokedAt: isoOrNull(row.revokedAt),
});

/** The audit trail's name for whatever a key does. */
export const keyActor = (row: Pick<ApiKeyRow, 'name'>): Actor => ({ id: null, name: `api:${row.name}` });

const nameTakenError = (name: string) =>
  new AppError('conflict', `An API key named "${name}" already exists`, { code: 'apiKeys.name_taken', fields: [{ path: 'name', message: 'taken' }] });

export class ApiKeysService {
  constructor(
    private readonly store: Store,
    private readonly settings: SettingsService,
  ) {}

  async list(): Promise<ApiKey[]> {
    return (await listApiKeys(this.store)).map(toApiKeyDto);
  }

  async create(input: ParsedInput<'apiKeys.create'>, actor: Actor): Promise<{ key: ApiKey; secret: string }> {
    const allowed = [...new Set(input.allowedMethods)];
    const useless = allowed.findIndex((p) => !patternUseful(p));
    if (useless >= 0) {
      throw new AppError('validation', `${allowed[useless]} names no method of the REST API`, {
        code: 'apiKeys.unknown_method',
        params: { pattern: allowed[useless]! },
        fields: [{ path: `allowedMethods.${useless}`, message: 'names no method of the REST API' }],
      });
    }
    const secret = KEY_PREFIX + randomBytes(32).toString('base64url');
    try {
      const row = await this.store.unit(async (tx) => {
        if (await apiKeyNameTaken(tx, input.name)) throw nameTakenError(input.name);
        const created = await insertApiKey(
          tx,
          { name: input.name, prefix: secret.slice(0, SHOWN_CHARS), hash: hashToken(secret), role: input.role, allowedMethods: JSON.stringify(allowed), createdBy: actor.name },
          now(),
        );
        await recordAudit(tx, actor, {
          action: 'apiKeys.create',
          target: { type: 'api_key', id: created.id },
          details: { name: created.name, role: created.role, allowedMethods: allowed },
        });
        return created;
      });
      return { key: toApiKeyDto(row), secret };
    } catch (error) {
      // Two admins creating the same name at once: the index decides, the answer is the same.
      if (isUniqueViolation(error, 'name')) throw nameTakenError(input.name);
      throw error;
    }
  }

  async revoke(id: number, actor: Actor): Promise<ApiKey> {
    const row = await this.store.unit(async (tx) => {
      const revoked = await revokeApiKey(tx, id, now());
      if (!revoked) {
        // Revoked already: nothing changes and nothing is recorded again.
        const existing = await apiKeyById(tx, id);
        if (!existing) throw notFound('API key', id);
        return existing;
      }
      await recordAudit(tx, actor, { action: 'apiKeys.revoke', target: { type: 'api_key', id }, details: { name: revoked.name } });
      return revoked;
    });
    return toApiKeyDto(row);
  }

  /** The live key behind a presented secret, read now (a revoked or unknown key is null); notes its use. */
  async authenticate(secret: string): Promise<ApiKeyRow | null> {
    if (!secret.startsWith(KEY_PREFIX) || secret.length > 200) return null;
    const row = await apiKeyByHash(this.store, hashToken(secret));
    if (!row || row.revokedAt !== null) return null;
    const at = now();
    if (row.lastUsedAt === null || row.lastUsedAt < at - LAST_USED_EVERY_MS) await touchApiKey(this.store, row.id, at, at - LAST_USED_EVERY_MS);
    return row;
  }

  /** Whether the key's allowlist names this method (or `metrics`). */
  permits(row: ApiKeyRow, method: string): boolean {
    return allowlistPermits(patternsOf(row), method);
  }

  /** The session a REST request runs under: the key as a synthetic user with the key's role and allowlist. */
  sessionOf(row: ApiKeyRow): ResolvedSession {
    const actor = keyActor(row);
    return {
      tokenHash: row.hash,
      user: {
        id: 0,
        username: actor.name,
        displayName: row.name,
        role: row.role,
        passwordHash: '',
        disabled: false,
        failedLogins: 0,
        lockedUntil: null,
        language: this.settings.current().defaultLanguage,
        colorScheme: 'auto',
        lastLoginAt: null,
        createdAt: row.createdAt,
        updatedAt: row.createdAt,
      },
      actor,
      mayCall: (method) => this.permits(row, method),
    };
  }
}
