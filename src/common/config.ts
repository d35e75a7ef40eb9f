/**
 * One typed configuration, read from the environment once and validated at boot.
 * A bad value stops the start with a message that names the variable.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DEFAULT_LANG, type Lang, LANGUAGES } from './language';
import { readOrCreateSecretFile, SECRET_BYTES } from './secret-file';
import { parseTrustProxy, type TrustProxy } from './trust-proxy';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface AppConfig {
  nodeEnv: 'development' | 'production' | 'test';
  host: string;
  port: number;
  /** Unset: an embedded PostgreSQL is started (see src/database/embedded-postgres.ts). */
  databaseUrl?: string;
  /** Connections in the main pool; a request holds at most one at a time. */
  dbPoolMax: number;
  /** How long a request waits for a pooled connection (or for a new one to open) before answering 503. */
  dbConnectTimeoutMs: number;
  /** PostgreSQL statement_timeout of every pooled connection (0: none); a cancelled statement answers 503. */
  dbStatementTimeoutMs: number;
  /** PostgreSQL idle_in_transaction_session_timeout of every pooled connection (0: none). */
  dbIdleInTransactionTimeoutMs: number;
  /** On SIGTERM/SIGINT, how long requests in flight may take to finish before their connections are closed. */
  shutdownGraceMs: number;
  embeddedPgDir: string;
  embeddedPgPort: number;
  jwtSecret: string;
  /** Where the signing secret is kept when JWT_SECRET is not set (outside production and tests). */
  jwtSecretFile: string;
  /** Where jwtSecret came from: JWT_SECRET, JWT_SECRET_FILE (made by this start, or an earlier one), or random for this process (NODE_ENV=test). */
  jwtSecretSource: 'env' | 'file' | 'file-created' | 'ephemeral';
  /**
   * Which peers' X-Forwarded-For (and -Proto, -Host) Fastify believes: false (none, the default), the
   * number of proxies in front, or their addresses and CIDR ranges. The login throttle keys on the
   * address this yields.
   */
  trustProxy: TrustProxy;
  /** Failed sign-ins for one username, from any address, within the window; after that, 429 until the window's block ends. */
  loginUsernameRateLimit: number;
  loginUsernameRateWindowSeconds: number;
  /** When true, an admin without TOTP signs in only to enrol it (every other route is 403 totp-enrolment-required). */
  totpRequiredForAdmins: boolean;
  /** The key stored TOTP secrets are encrypted with (default: derived from jwtSecret). */
  totpSecretKey?: string;
  jwtTtlSeconds: number;
  corsOrigins: string[] | true | false;
  bodyLimitBytes: number;
  uploadLimitBytes: number;
  /** Parts (files and fields) one multipart request may carry; the next one is a 413. */
  uploadMaxParts: number;
  /** Bytes an imported XLSX may inflate to (all the entries read); default 10 × UPLOAD_LIMIT_BYTES. */
  importMaxInflatedBytes: number;
  /** Data rows an asset import reads (and as many blank rows). */
  importMaxRows: number;
  /** The last column of an imported spreadsheet that may hold a value. */
  importMaxColumns: number;
  /** Strings, and their characters all together, in an imported XLSX's shared-strings table. */
  importMaxSharedStrings: number;
  importMaxSharedStringChars: number;
  /** The largest file of the unit dataset import (each of units.csv, lineage.csv, clauses.csv). */
  unitFileMaxBytes: number;
  logLevel: LogLevel;
  /**
   * The language of problem titles, details and validation messages when a request has no
   * Accept-Language naming one the API speaks (DEFAULT_LANGUAGE: vi or en; default vi). Logs stay English.
   */
  defaultLanguage: Lang;
  adminUsername?: string;
  adminPassword?: string;
  loginRateLimit: number;
  /** Months a valuation stays valid: a sale decided later than this after its valuation date is flagged by the checks. */
  valuationValidityMonths: number;
  /** Months after a completed renovation within which a disposal decision on the facility is flagged by the checks. */
  renovationDisposalWindowMonths: number;
  loginRateWindowSeconds: number;
  /** Where uploaded documents are stored, content-addressed by SHA-256 (relative to the working directory unless absolute). */
  documentsDir: string;
  /**
   * Where uploads are received before they are read (asset imports): one folder per running instance
   * inside it; the folders that stopped or killed instances left are removed at start (nothing else
   * in it is touched). Default: `spool` beside the documents directory.
   */
  spoolDir: string;
  /** The largest document accepted (checked while streaming; the multipart cap UPLOAD_LIMIT_BYTES applies too). */
  documentMaxBytes: number;
  /** Media types a document may have (lower case, without parameters). */
  documentTypes: string[];
  /** Whether this instance runs the report worker (jobs and schedules); off in tests unless asked. */
  reportWorkerEnabled: boolean;
  /** How often the report worker looks for due jobs and schedules. */
  reportWorkerIntervalMs: number;
  /** How long a claimed report job is leased; a crashed worker's job is retried once it expires. */
  reportJobLeaseSeconds: number;
  /** A report with more rows than this (provinces, or facilities in an overdue list) runs as a job; national XLSX/PDF always do. */
  reportJobThresholdRows: number;
  /** Attempts before a report job is failed for good. */
  reportJobMaxAttempts: number;
  /** Report jobs one user may have queued or running at once; one more is 429. */
  reportJobsPerUser: number;
  /** Whether /api/docs and /api/docs-json are served (default: yes outside production, no in production). */
  apiDocs: boolean;
  /**
   * Minutes between two anchors of the event log's head (table event_anchor and the anchor file); the
   * first is written at start. 0: none (the default under NODE_ENV=test; refused in production).
   */
  eventAnchorIntervalMinutes: number;
  /** The append-only file of anchors, one JSON line each. Default: `event-anchors.jsonl` beside the documents directory. */
  eventAnchorFile: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

const LOG_LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
export const DEFAULT_DOCUMENT_TYPES = [
  'application/pdf',
  'image/jpeg',
  'image/png',
  'image/tiff',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/msword',
  'application/vnd.ms-excel',
];
/** type/subtype as RFC 6838 restricts the names (lower case here; parameters are not part of it). */
const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/;

type Env = Record<string, string | undefined>;

export function loadConfig(env: Env = process.env): AppConfig {
  const problems: string[] = [];
  const str = (name: string): string | undefined => {
    const v = env[name];
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  };
  const int = (name: string, def: number, min: number, max: number): number => {
    const raw = str(name);
    if (raw === undefined) return def;
    if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
      return def;
    }
    return Number(raw);
  };

  const nodeEnvRaw = str('NODE_ENV') ?? 'development';
  if (!['development', 'production', 'test'].includes(nodeEnvRaw)) {
    problems.push(`NODE_ENV must be development, production or test (got "${nodeEnvRaw}")`);
  }
  const nodeEnv = (['development', 'production', 'test'].includes(nodeEnvRaw) ? nodeEnvRaw : 'development') as AppConfig['nodeEnv'];

  const databaseUrl = str('DATABASE_URL');
  if (databaseUrl !== undefined) {
    let ok = false;
    try {
      const u = new URL(databaseUrl);
      ok = (u.protocol === 'postgres:' || u.protocol === 'postgresql:') && u.hostname !== '' && u.pathname.length > 1;
    } catch {
      ok = false;
    }
    if (!ok) problems.push('DATABASE_URL must look like postgres://user:password@host:5432/database');
  }

  // No secret is ever written in the source. Without JWT_SECRET: production refuses to start; a test
  // run signs with a random secret of its own (nothing written); otherwise the secret is read from
  // JWT_SECRET_FILE, made there (random, mode 0600) on the first start. AuthService warns at start.
  const jwtSecretFile = str('JWT_SECRET_FILE') ?? '.data/jwt-secret';
  let jwtSecret = str('JWT_SECRET');
  let jwtSecretSource: AppConfig['jwtSecretSource'] = 'env';
  if (jwtSecret === undefined) {
    jwtSecret = randomBytes(SECRET_BYTES).toString('base64url');
    jwtSecretSource = 'ephemeral';
    if (nodeEnv === 'production') problems.push('JWT_SECRET is required in production (at least 32 characters)');
    else if (/[\x00-\x1f\x7f]/.test(jwtSecretFile)) problems.push('JWT_SECRET_FILE must be a file path without control characters');
    else if (nodeEnv !== 'test') {
      const kept = readOrCreateSecretFile(jwtSecretFile, 'JWT_SECRET_FILE');
      if ('problem' in kept) problems.push(kept.problem);
      else [jwtSecret, jwtSecretSource] = [kept.secret, kept.created ? 'file-created' : 'file'];
    }
  } else if (jwtSecret.length < 32) {
    problems.push('JWT_SECRET must be at least 32 characters long');
  }

  const trustProxy = parseTrustProxy(str('TRUST_PROXY'), problems);
  const totpRequiredRaw = str('TOTP_REQUIRED_FOR_ADMINS')?.toLowerCase();
  if (totpRequiredRaw !== undefined && !['true', 'false'].includes(totpRequiredRaw))
    problems.push(`TOTP_REQUIRED_FOR_ADMINS must be true or false (got "${totpRequiredRaw}")`);
  const totpSecretKey = str('TOTP_SECRET_KEY');
  if (totpSecretKey !== undefined && totpSecretKey.length < 32) problems.push('TOTP_SECRET_KEY must be at least 32 characters long');

  const corsRaw = str('CORS_ORIGINS');
  let corsOrigins: AppConfig['corsOrigins'] = false;
  if (corsRaw === '*') corsOrigins = true;
  else if (corsRaw !== undefined) {
    const list = corsRaw
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const bad = list.filter((o) => !/^https?:\/\/[^/\s]+$/.test(o));
    if (bad.length) problems.push(`CORS_ORIGINS must be "*" or a comma-separated list of origins like https://example.gov.vn (bad: ${bad.join(', ')})`);
    corsOrigins = list;
  }

  const logLevel = (str('LOG_LEVEL') ?? (nodeEnv === 'test' ? 'silent' : 'info')) as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (got "${logLevel}")`);

  const languageRaw = str('DEFAULT_LANGUAGE')?.toLowerCase() ?? DEFAULT_LANG;
  const defaultLanguage = (LANGUAGES as readonly string[]).includes(languageRaw) ? (languageRaw as Lang) : DEFAULT_LANG;
  if (defaultLanguage !== languageRaw) problems.push(`DEFAULT_LANGUAGE must be one of ${LANGUAGES.join(', ')} (got "${languageRaw}")`);

  const adminPassword = str('ADMIN_PASSWORD');
  if (adminPassword !== undefined && adminPassword.length < 10) problems.push('ADMIN_PASSWORD must be at least 10 characters long');
  const adminUsername = str('ADMIN_USERNAME');
  if (adminUsername !== undefined && !/^[a-z0-9._-]{3,64}$/.test(adminUsername)) {
    problems.push('ADMIN_USERNAME must be 3-64 characters of a-z, 0-9, ".", "_" or "-"');
  }

  const documentsDir = str('DOCUMENTS_DIR') ?? '.data/documents';
  if (/[\x00-\x1f\x7f]/.test(documentsDir)) problems.push('DOCUMENTS_DIR must be a directory path without control characters');
  else if (existsSync(documentsDir) && !statSync(documentsDir).isDirectory())
    problems.push(`DOCUMENTS_DIR must be a directory (${documentsDir} exists and is not one)`);

  const spoolDir = str('SPOOL_DIR') ?? join(dirname(documentsDir), 'spool');
  if (/[\x00-\x1f\x7f]/.test(spoolDir)) problems.push('SPOOL_DIR must be a directory path without control characters');
  else if (existsSync(spoolDir) && !statSync(spoolDir).isDirectory()) problems.push(`SPOOL_DIR must be a directory (${spoolDir} exists and is not one)`);

  const documentTypesRaw = str('DOCUMENT_TYPES');
  let documentTypes = [...DEFAULT_DOCUMENT_TYPES];
  if (documentTypesRaw !== undefined) {
    documentTypes = [
      ...new Set(
        documentTypesRaw
          .split(',')
          .map((t) => t.trim().toLowerCase())
          .filter(Boolean),
      ),
    ];
    const bad = documentTypes.filter((t) => !MEDIA_TYPE.test(t));
    if (bad.length || documentTypes.length === 0) {
      problems.push(
        `DOCUMENT_TYPES must be a comma-separated list of media types like application/pdf,image/jpeg${bad.length ? ` (bad: ${bad.join(', ')})` : ''}`,
      );
    }
  }

  const apiDocsRaw = str('API_DOCS')?.toLowerCase();
  if (apiDocsRaw !== undefined && !['true', 'false'].includes(apiDocsRaw)) problems.push(`API_DOCS must be true or false (got "${apiDocsRaw}")`);

  const workerRaw = str('REPORT_WORKER_ENABLED')?.toLowerCase();
  if (workerRaw !== undefined && !['true', 'false'].includes(workerRaw)) problems.push(`REPORT_WORKER_ENABLED must be true or false (got "${workerRaw}")`);

  const eventAnchorFile = str('EVENT_ANCHOR_FILE') ?? join(dirname(documentsDir), 'event-anchors.jsonl');
  if (/[\x00-\x1f\x7f]/.test(eventAnchorFile)) problems.push('EVENT_ANCHOR_FILE must be a file path without control characters');
  else if (existsSync(eventAnchorFile) && !statSync(eventAnchorFile).isFile())
    problems.push(`EVENT_ANCHOR_FILE must be a file (${eventAnchorFile} exists and is not one)`);
  const eventAnchorIntervalMinutes = int('EVENT_ANCHOR_INTERVAL_MINUTES', nodeEnv === 'test' ? 0 : 60, 0, 7 * 24 * 60);
  if (eventAnchorIntervalMinutes === 0 && nodeEnv === 'production')
    problems.push("EVENT_ANCHOR_INTERVAL_MINUTES must be from 1 to 10080 in production (the event log's head is anchored on a schedule)");

  const uploadLimitBytes = int('UPLOAD_LIMIT_BYTES', 50 * 1024 * 1024, 1024, 1024 * 1024 * 1024);
  const config: AppConfig = {
    nodeEnv,
    // Loopback unless HOST says otherwise (the Docker image sets 0.0.0.0): a default start is not reachable from the network.
    host: str('HOST') ?? '127.0.0.1',
    port: int('PORT', 3000, 1, 65535),
    databaseUrl,
    dbPoolMax: int('DB_POOL_MAX', 20, 1, 1000),
    dbConnectTimeoutMs: int('DB_CONNECT_TIMEOUT_MS', 5000, 100, 600_000),
    dbStatementTimeoutMs: int('DB_STATEMENT_TIMEOUT_MS', 30_000, 0, 24 * 3600 * 1000),
    dbIdleInTransactionTimeoutMs: int('DB_IDLE_IN_TRANSACTION_TIMEOUT_MS', 60_000, 0, 24 * 3600 * 1000),
    shutdownGraceMs: int('SHUTDOWN_GRACE_MS', 10_000, 0, 600_000),
    embeddedPgDir: str('EMBEDDED_PG_DIR') ?? '.data/postgres',
    embeddedPgPort: int('EMBEDDED_PG_PORT', 54329, 1024, 65535),
    jwtSecret,
    jwtSecretFile,
    jwtSecretSource,
    trustProxy,
    jwtTtlSeconds: int('JWT_TTL_SECONDS', 8 * 3600, 60, 30 * 24 * 3600),
    corsOrigins,
    bodyLimitBytes: int('BODY_LIMIT_BYTES', 1024 * 1024, 1024, 100 * 1024 * 1024),
    uploadLimitBytes,
    uploadMaxParts: int('UPLOAD_MAX_PARTS', 20, 1, 1000),
    importMaxInflatedBytes: int('IMPORT_MAX_INFLATED_BYTES', 10 * uploadLimitBytes, 1024, 16 * 1024 * 1024 * 1024),
    importMaxRows: int('IMPORT_MAX_ROWS', 100_000, 1, 10_000_000),
    importMaxColumns: int('IMPORT_MAX_COLUMNS', 100, 20, 16_384),
    importMaxSharedStrings: int('IMPORT_MAX_SHARED_STRINGS', 1_000_000, 1, 100_000_000),
    importMaxSharedStringChars: int('IMPORT_MAX_SHARED_STRING_CHARS', 32_000_000, 1, 2_000_000_000),
    unitFileMaxBytes: int('UNIT_FILE_MAX_BYTES', 4 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    logLevel,
    defaultLanguage,
    adminUsername,
    adminPassword,
    loginRateLimit: int('LOGIN_RATE_LIMIT', 10, 1, 10000),
    valuationValidityMonths: int('VALUATION_VALIDITY_MONTHS', 6, 1, 60),
    renovationDisposalWindowMonths: int('RENOVATION_DISPOSAL_WINDOW_MONTHS', 24, 1, 120),
    loginRateWindowSeconds: int('LOGIN_RATE_WINDOW_SECONDS', 60, 1, 86400),
    loginUsernameRateLimit: int('LOGIN_USERNAME_RATE_LIMIT', 20, 1, 10000),
    loginUsernameRateWindowSeconds: int('LOGIN_USERNAME_RATE_WINDOW_SECONDS', 900, 1, 86400),
    totpRequiredForAdmins: totpRequiredRaw === 'true',
    totpSecretKey,
    documentsDir,
    spoolDir,
    documentMaxBytes: int('DOCUMENT_MAX_BYTES', 25 * 1024 * 1024, 1, 1024 * 1024 * 1024),
    documentTypes,
    reportWorkerEnabled: workerRaw === undefined ? nodeEnv !== 'test' : workerRaw === 'true',
    reportWorkerIntervalMs: int('REPORT_WORKER_INTERVAL_MS', 5000, 100, 3600 * 1000),
    reportJobLeaseSeconds: int('REPORT_JOB_LEASE_SECONDS', 120, 5, 24 * 3600),
    reportJobThresholdRows: int('REPORT_JOB_THRESHOLD_ROWS', 5, 1, 1000000),
    reportJobMaxAttempts: int('REPORT_JOB_MAX_ATTEMPTS', 3, 1, 100),
    reportJobsPerUser: int('REPORT_JOBS_PER_USER', 3, 1, 100),
    apiDocs: apiDocsRaw === undefined ? nodeEnv !== 'production' : apiDocsRaw === 'true',
    eventAnchorIntervalMinutes,
    eventAnchorFile,
  };
  if (problems.length) throw new ConfigError(problems);
  return config;
}

export const APP_CONFIG = Symbol('APP_CONFIG');
