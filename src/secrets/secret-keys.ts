import { randomBytes } from 'crypto';
import { DataSource } from 'typeorm';
import { UnitOfWork } from '../database/unit-of-work';
import { SecretsRepository } from './secrets.repository';

/**
 * The keys in use: `jwt` signs and verifies login tokens, `certificate` makes certificate
 * verification codes. Each is the configured secret when its variable is set, otherwise a
 * random key generated once and kept in the database. They are never the same key.
 */
export class SecretKeys {
  constructor(
    readonly jwt: string,
    readonly certificate: string,
  ) {}
}

export type SecretName = 'jwt' | 'certificate';

const SECRETS: Record<SecretName, { variable: string; what: string }> = {
  jwt: { variable: 'MONEV_JWT_SECRET', what: 'login token key' },
  certificate: { variable: 'MONEV_CERTIFICATE_SECRET', what: 'certificate code key' },
};

/** Where a key came from: its variable, generated now by this process, or generated earlier and read from the database. */
export type SecretOrigin = { from: 'environment' } | { from: 'generated' } | { from: 'database'; createdAt: string };

export interface ResolvedSecrets {
  keys: SecretKeys;
  origins: Record<SecretName, SecretOrigin>;
}

/** 256 random bits as text (base64url, 43 characters); the key is the UTF-8 of the text, as for a configured secret. */
export function generateKey(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * The configured secrets, and for each one not configured the key stored in the database —
 * generated and stored first if there is none. Two processes starting at once on one database
 * both insert-if-absent inside a write transaction and then read back the row that won, so they
 * end up with the same key. The common case, keys already stored, reads without writing.
 */
export async function resolveSecrets(
  dataSource: DataSource,
  uow: UnitOfWork,
  repository: SecretsRepository,
  configured: Partial<Record<SecretName, string>>,
  now: () => Date,
): Promise<ResolvedSecrets> {
  const names = Object.keys(SECRETS) as SecretName[];
  const values = {} as Record<SecretName, string>;
  const origins = {} as Record<SecretName, SecretOrigin>;
  const missing: SecretName[] = [];
  for (const name of names) {
    const value = configured[name];
    if (value) {
      values[name] = value;
      origins[name] = { from: 'environment' };
      continue;
    }
    const stored = await repository.read(dataSource.manager, name);
    if (stored) {
      values[name] = stored.value;
      origins[name] = { from: 'database', createdAt: stored.createdAt };
    } else {
      missing.push(name);
    }
  }
  if (missing.length) {
    await uow.write(async (manager) => {
      for (const name of missing) {
        const candidate = generateKey();
        await repository.insertIfAbsent(manager, { name, value: candidate, createdAt: now().toISOString() });
        const stored = (await repository.read(manager, name))!;
        values[name] = stored.value;
        origins[name] = stored.value === candidate ? { from: 'generated' } : { from: 'database', createdAt: stored.createdAt };
      }
    });
  }
  if (values.jwt === values.certificate) {
    // only reachable by editing the table: config refuses two equal variables, generated keys differ
    throw new Error('the login token key and the certificate code key are the same; they must differ (SPEC §16)');
  }
  return { keys: new SecretKeys(values.jwt, values.certificate), origins };
}

/** The start-up line of one key; it never shows the key. */
export function describeSecret(name: SecretName, origin: SecretOrigin): string {
  const { variable, what } = SECRETS[name];
  switch (origin.from) {
    case 'environment':
      return `${what}: from ${variable}`;
    case 'generated':
      return `${what}: ${variable} is not set, so a random 256-bit key was generated and stored in the database (table "secret"); every process on this database uses it`;
    case 'database':
      return `${what}: ${variable} is not set, so the key generated on ${origin.createdAt} and stored in the database is used`;
  }
}
