import { ConfigError, DEFAULT_DOCUMENT_TYPES, loadConfig } from '../../src/common/config';

const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
};

describe('loadConfig', () => {
  it('gives working defaults for development', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      nodeEnv: 'development',
      port: 3000,
      embeddedPgDir: '.data/postgres',
      embeddedPgPort: 54329,
      corsOrigins: false,
      logLevel: 'info',
      loginRateLimit: 10,
    });
    expect(c.databaseUrl).toBeUndefined();
    // A default start listens on loopback only and serves the docs; production hides the docs unless asked.
    expect(c).toMatchObject({ host: '127.0.0.1', apiDocs: true, reportJobsPerUser: 3, valuationValidityMonths: 6, renovationDisposalWindowMonths: 24 });
    expect(loadConfig({ RENOVATION_DISPOSAL_WINDOW_MONTHS: '36' }).renovationDisposalWindowMonths).toBe(36);
    expect(() => loadConfig({ RENOVATION_DISPOSAL_WINDOW_MONTHS: '121' })).toThrow(/RENOVATION_DISPOSAL_WINDOW_MONTHS must be a whole number from 1 to 120/);
    expect(loadConfig({ VALUATION_VALIDITY_MONTHS: '12' }).valuationValidityMonths).toBe(12);
    expect(() => loadConfig({ VALUATION_VALIDITY_MONTHS: '0' })).toThrow(/VALUATION_VALIDITY_MONTHS must be a whole number from 1 to 60/);
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40) }).apiDocs).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40), API_DOCS: 'true' }).apiDocs).toBe(true);
    expect(loadConfig({ API_DOCS: 'false' }).apiDocs).toBe(false);
    expect(c).toMatchObject({ documentsDir: '.data/documents', documentMaxBytes: 25 * 1024 * 1024, documentTypes: DEFAULT_DOCUMENT_TYPES });
    expect(c.documentTypes).toEqual(
      expect.arrayContaining(['application/pdf', 'image/jpeg', 'image/png', 'image/tiff', 'application/msword', 'application/vnd.ms-excel']),
    );
  });

  it('answers problems in Vietnamese unless DEFAULT_LANGUAGE says en', () => {
    expect(loadConfig({}).defaultLanguage).toBe('vi');
    expect(loadConfig({ DEFAULT_LANGUAGE: ' EN ' }).defaultLanguage).toBe('en');
    expect(loadConfig({ DEFAULT_LANGUAGE: 'vi' }).defaultLanguage).toBe('vi');
    expect(problemsOf({ DEFAULT_LANGUAGE: 'fr' })).toEqual(['DEFAULT_LANGUAGE must be one of vi, en (got "fr")']);
  });

  it('reads every variable', () => {
    const c = loadConfig({
      NODE_ENV: 'production',
      PORT: '8080',
      HOST: '127.0.0.1',
      DATABASE_URL: 'postgres://u:p@db:5432/assets',
      JWT_SECRET: 'x'.repeat(40),
      JWT_TTL_SECONDS: '600',
      CORS_ORIGINS: 'https://a.gov.vn, https://b.gov.vn',
      BODY_LIMIT_BYTES: '2048',
      UPLOAD_LIMIT_BYTES: '4096',
      LOG_LEVEL: 'warn',
      ADMIN_USERNAME: 'root.admin',
      ADMIN_PASSWORD: 'long-enough-password',
      EMBEDDED_PG_DIR: '/tmp/pg',
      EMBEDDED_PG_PORT: '5555',
      LOGIN_RATE_LIMIT: '5',
      LOGIN_RATE_WINDOW_SECONDS: '30',
      DOCUMENTS_DIR: '/tmp/vpa-documents-not-created',
      DOCUMENT_MAX_BYTES: '4096',
      DOCUMENT_TYPES: 'application/pdf, Image/PNG,application/pdf',
    });
    expect(c).toMatchObject({
      nodeEnv: 'production',
      port: 8080,
      host: '127.0.0.1',
      databaseUrl: 'postgres://u:p@db:5432/assets',
      jwtTtlSeconds: 600,
      corsOrigins: ['https://a.gov.vn', 'https://b.gov.vn'],
      bodyLimitBytes: 2048,
      uploadLimitBytes: 4096,
      logLevel: 'warn',
      adminUsername: 'root.admin',
      adminPassword: 'long-enough-password',
      embeddedPgDir: '/tmp/pg',
      embeddedPgPort: 5555,
      loginRateLimit: 5,
      loginRateWindowSeconds: 30,
      documentsDir: '/tmp/vpa-documents-not-created',
      documentMaxBytes: 4096,
      documentTypes: ['application/pdf', 'image/png'],
    });
    expect(loadConfig({ CORS_ORIGINS: '*' }).corsOrigins).toBe(true);
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ PORT: '0' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x@y/z' }, 'DATABASE_URL'],
    [{ API_DOCS: 'yes' }, 'API_DOCS'],
    [{ REPORT_JOBS_PER_USER: '0' }, 'REPORT_JOBS_PER_USER'],
    [{ DATABASE_URL: 'not a url' }, 'DATABASE_URL'],
    [{ DATABASE_URL: 'postgres://host' }, 'DATABASE_URL'],
    [{ JWT_SECRET: 'short' }, 'JWT_SECRET'],
    [{ NODE_ENV: 'production' }, 'JWT_SECRET'],
    [{ NODE_ENV: 'staging' }, 'NODE_ENV'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ CORS_ORIGINS: 'example.com' }, 'CORS_ORIGINS'],
    [{ ADMIN_PASSWORD: 'short' }, 'ADMIN_PASSWORD'],
    [{ ADMIN_USERNAME: 'Bad Name' }, 'ADMIN_USERNAME'],
    [{ EMBEDDED_PG_PORT: '80' }, 'EMBEDDED_PG_PORT'],
    [{ BODY_LIMIT_BYTES: '-1' }, 'BODY_LIMIT_BYTES'],
    [{ JWT_TTL_SECONDS: '1' }, 'JWT_TTL_SECONDS'],
    [{ DOCUMENTS_DIR: __filename }, 'DOCUMENTS_DIR'],
    [{ DOCUMENTS_DIR: 'docs\u0000dir' }, 'DOCUMENTS_DIR'],
    [{ DOCUMENT_MAX_BYTES: '0' }, 'DOCUMENT_MAX_BYTES'],
    [{ DOCUMENT_MAX_BYTES: '25MB' }, 'DOCUMENT_MAX_BYTES'],
    [{ DOCUMENT_TYPES: 'pdf' }, 'DOCUMENT_TYPES'],
    [{ DOCUMENT_TYPES: 'application/pdf,image/*' }, 'DOCUMENT_TYPES'],
    [{ DOCUMENT_TYPES: ' , ' }, 'DOCUMENT_TYPES'],
    [{ EVENT_ANCHOR_INTERVAL_MINUTES: 'hourly' }, 'EVENT_ANCHOR_INTERVAL_MINUTES'],
    [{ EVENT_ANCHOR_INTERVAL_MINUTES: '10081' }, 'EVENT_ANCHOR_INTERVAL_MINUTES'],
    [{ EVENT_ANCHOR_INTERVAL_MINUTES: '-5' }, 'EVENT_ANCHOR_INTERVAL_MINUTES'],
    [{ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40), EVENT_ANCHOR_INTERVAL_MINUTES: '0' }, 'EVENT_ANCHOR_INTERVAL_MINUTES'],
    [{ EVENT_ANCHOR_FILE: __dirname }, 'EVENT_ANCHOR_FILE'],
    [{ EVENT_ANCHOR_FILE: 'anchors\u0000.jsonl' }, 'EVENT_ANCHOR_FILE'],
  ])('refuses %j naming %s', (env, name) => {
    const problems = problemsOf(env as Record<string, string>);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(name);
  });

  it('anchors the event log hourly beside the documents, except under tests unless asked', () => {
    expect(loadConfig({})).toMatchObject({ eventAnchorIntervalMinutes: 60, eventAnchorFile: '.data/event-anchors.jsonl' });
    expect(loadConfig({ DOCUMENTS_DIR: '/srv/vpa/documents' }).eventAnchorFile).toBe('/srv/vpa/event-anchors.jsonl');
    expect(loadConfig({ NODE_ENV: 'test' }).eventAnchorIntervalMinutes).toBe(0);
    expect(loadConfig({ NODE_ENV: 'test', EVENT_ANCHOR_INTERVAL_MINUTES: '5', EVENT_ANCHOR_FILE: '/tmp/a.jsonl' })).toMatchObject({
      eventAnchorIntervalMinutes: 5,
      eventAnchorFile: '/tmp/a.jsonl',
    });
    expect(loadConfig({ EVENT_ANCHOR_INTERVAL_MINUTES: '0' }).eventAnchorIntervalMinutes).toBe(0);
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40), EVENT_ANCHOR_INTERVAL_MINUTES: '10080' }).eventAnchorIntervalMinutes).toBe(10080);
  });

  it('lists every problem at once', () => {
    expect(problemsOf({ PORT: 'x', JWT_SECRET: 'y', LOG_LEVEL: 'z' })).toHaveLength(3);
  });
});
