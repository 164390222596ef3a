import { passwordProblem } from '../auth/password-rule';
import { parseTrustProxy, TrustProxy } from '../auth/trust-proxy';
import { DEFAULT_DB_PATH } from '../database/data-source';

/** Configuration read once from the environment and validated at boot (fail fast). */
export interface AppConfig {
  production: boolean;
  port: number;
  dbPath: string;
  /** postgres://… for large deployments; the SQLite file otherwise */
  databaseUrl?: string;
  jwtSecret: string;
  jwtTtlSeconds: number;
  /** key of the certificate verification codes (HMAC) */
  certificateSecret: string;
  /** base of the verification URL printed in certificate QR codes */
  publicBaseUrl: string;
  adminUsername?: string;
  adminPassword?: string;
  /** Express `trust proxy` from MONEV_TRUST_PROXY: whose X-Forwarded-For names the client */
  trustProxy: TrustProxy;
}

const DEV_SECRET = 'monev-kip-development-secret-not-for-production';

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const production = env.NODE_ENV === 'production';
  const problems: string[] = [];
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) problems.push(`PORT: "${env.PORT}" is not a port number`);
  const jwtSecret = env.MONEV_JWT_SECRET ?? (production ? '' : DEV_SECRET);
  if (production && jwtSecret.length < 32) problems.push('MONEV_JWT_SECRET: required in production, at least 32 characters');
  const certificateSecret = env.MONEV_CERTIFICATE_SECRET ?? jwtSecret;
  const ttl = Number(env.MONEV_JWT_TTL_SECONDS ?? 8 * 3600);
  if (!Number.isInteger(ttl) || ttl <= 0) problems.push(`MONEV_JWT_TTL_SECONDS: "${env.MONEV_JWT_TTL_SECONDS}" is not a positive whole number`);
  if (env.MONEV_ADMIN_USERNAME && !env.MONEV_ADMIN_PASSWORD) problems.push('MONEV_ADMIN_PASSWORD: required with MONEV_ADMIN_USERNAME');
  const adminPasswordProblem = env.MONEV_ADMIN_PASSWORD ? passwordProblem(env.MONEV_ADMIN_PASSWORD) : null;
  if (adminPasswordProblem) problems.push(`MONEV_ADMIN_PASSWORD: ${adminPasswordProblem}`);
  const trustProxy = parseTrustProxy(env.MONEV_TRUST_PROXY);
  if ('problem' in trustProxy) problems.push(trustProxy.problem);
  if (env.DATABASE_URL && !/^postgres(ql)?:\/\//.test(env.DATABASE_URL)) problems.push('DATABASE_URL: must be a postgres:// URL');
  if (problems.length) throw new ConfigError(`invalid configuration:\n  ${problems.join('\n  ')}`);
  return {
    production,
    port,
    dbPath: env.MONEV_DB_PATH || DEFAULT_DB_PATH,
    databaseUrl: env.DATABASE_URL || undefined,
    jwtSecret,
    jwtTtlSeconds: ttl,
    certificateSecret,
    publicBaseUrl: (env.MONEV_PUBLIC_URL || `http://localhost:${port}`).replace(/\/$/, ''),
    adminUsername: env.MONEV_ADMIN_USERNAME || undefined,
    adminPassword: env.MONEV_ADMIN_PASSWORD || undefined,
    trustProxy: 'value' in trustProxy ? trustProxy.value : false,
  };
}

export const APP_CONFIG = Symbol('APP_CONFIG');
