import { passwordProblem } from '../auth/password-rule';
import { parseTrustProxy, TrustProxy } from '../auth/trust-proxy';
import { dirname, join } from 'path';
import { DEFAULT_DB_PATH } from '../database/data-source';

/** Configuration read once from the environment and validated at boot (fail fast). */
export interface AppConfig {
  /** NODE_ENV is "production", read trimmed and in any case (see isProduction) */
  production: boolean;
  port: number;
  dbPath: string;
  /** postgres://… for large deployments; the SQLite file otherwise */
  databaseUrl?: string;
  /**
   * MONEV_JWT_SECRET (signs login tokens) and MONEV_CERTIFICATE_SECRET (makes certificate codes)
   * where set. The keys in use are `SecretKeys` (secrets/): an unset one is generated once and
   * kept in the database. There is no built-in default.
   */
  configuredSecrets: { jwt?: string; certificate?: string };
  jwtTtlSeconds: number;
  /** base of the verification URL printed in certificate QR codes */
  publicBaseUrl: string;
  adminUsername?: string;
  adminPassword?: string;
  /** Express `trust proxy` from MONEV_TRUST_PROXY: whose X-Forwarded-For names the client */
  trustProxy: TrustProxy;
  /**
   * Where evidence files are kept (SPEC §13): a folder (MONEV_FILES_PATH; by default `files/`
   * beside the SQLite file, `data/files/`), or the database itself on a PostgreSQL deployment
   * without MONEV_FILES_PATH, so that every API process serves the same files.
   */
  evidenceStorage: { kind: 'folder'; path: string } | { kind: 'database' };
}

/**
 * Secrets that were published: the development default of versions before issue 12 signed the
 * tokens of every install started without NODE_ENV=production. Anyone can sign with it.
 */
const PUBLISHED_SECRETS = ['monev-kip-development-secret-not-for-production'];

export class ConfigError extends Error {}

/** `NODE_ENV` as the rule reads it (SPEC §16): trimmed, any case — " Production " is production. */
export function isProduction(nodeEnv: string | undefined): boolean {
  return (nodeEnv ?? '').trim().toLowerCase() === 'production';
}

function secretProblem(variable: string, value: string | undefined): string | null {
  if (!value) return null;
  if (PUBLISHED_SECRETS.includes(value)) return `${variable}: this is the development secret published with earlier versions; choose another, or leave it unset to have a key generated`;
  if (value.length < 32) return `${variable}: at least 32 characters (or leave it unset: a random key is then generated and kept in the database)`;
  return null;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const production = isProduction(env.NODE_ENV);
  const problems: string[] = [];
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) problems.push(`PORT: "${env.PORT}" is not a port number`);
  const jwtSecret = env.MONEV_JWT_SECRET || undefined;
  const certificateSecret = env.MONEV_CERTIFICATE_SECRET || undefined;
  for (const [variable, value] of [['MONEV_JWT_SECRET', jwtSecret], ['MONEV_CERTIFICATE_SECRET', certificateSecret]] as const) {
    const problem = secretProblem(variable, value);
    if (problem) problems.push(problem);
  }
  if (jwtSecret && jwtSecret === certificateSecret) problems.push('MONEV_CERTIFICATE_SECRET: must differ from MONEV_JWT_SECRET (the login token key never makes certificate codes)');
  const ttl = Number(env.MONEV_JWT_TTL_SECONDS ?? 8 * 3600);
  if (!Number.isInteger(ttl) || ttl <= 0) problems.push(`MONEV_JWT_TTL_SECONDS: "${env.MONEV_JWT_TTL_SECONDS}" is not a positive whole number`);
  if (env.MONEV_ADMIN_USERNAME && !env.MONEV_ADMIN_PASSWORD) problems.push('MONEV_ADMIN_PASSWORD: required with MONEV_ADMIN_USERNAME');
  const adminPasswordProblem = env.MONEV_ADMIN_PASSWORD ? passwordProblem(env.MONEV_ADMIN_PASSWORD) : null;
  if (adminPasswordProblem) problems.push(`MONEV_ADMIN_PASSWORD: ${adminPasswordProblem.en}`);
  const trustProxy = parseTrustProxy(env.MONEV_TRUST_PROXY);
  if ('problem' in trustProxy) problems.push(trustProxy.problem);
  if (env.DATABASE_URL && !/^postgres(ql)?:\/\//.test(env.DATABASE_URL)) problems.push('DATABASE_URL: must be a postgres:// URL');
  if (problems.length) throw new ConfigError(`invalid configuration:\n  ${problems.join('\n  ')}`);
  return {
    production,
    port,
    dbPath: env.MONEV_DB_PATH || DEFAULT_DB_PATH,
    databaseUrl: env.DATABASE_URL || undefined,
    configuredSecrets: { jwt: jwtSecret, certificate: certificateSecret },
    jwtTtlSeconds: ttl,
    publicBaseUrl: (env.MONEV_PUBLIC_URL || `http://localhost:${port}`).replace(/\/$/, ''),
    adminUsername: env.MONEV_ADMIN_USERNAME || undefined,
    adminPassword: env.MONEV_ADMIN_PASSWORD || undefined,
    trustProxy: 'value' in trustProxy ? trustProxy.value : false,
    evidenceStorage: env.MONEV_FILES_PATH
      ? { kind: 'folder', path: env.MONEV_FILES_PATH }
      : env.DATABASE_URL
        ? { kind: 'database' }
        : { kind: 'folder', path: join(dirname(env.MONEV_DB_PATH || DEFAULT_DB_PATH), 'files') },
  };
}

export const APP_CONFIG = Symbol('APP_CONFIG');
