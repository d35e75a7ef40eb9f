// Flat config: typescript-eslint's recommended rules on the TypeScript sources and tests.
const tseslint = require('typescript-eslint');

module.exports = tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.data/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'off',
      'no-console': 'error',
      // A DTO imported as a type only vanishes from the emitted decorator metadata: the validation
      // pipe then sees Object and checks nothing. DTOs are always imported as values.
      'no-restricted-syntax': [
        'error',
        {
          selector: "ImportDeclaration[importKind='type'][source.value=/\\.dto$/]",
          message: 'Import DTOs as values (import type drops their validation metadata).',
        },
        {
          selector: "ImportDeclaration[source.value=/\\.dto$/] > ImportSpecifier[importKind='type']",
          message: 'Import DTOs as values (import type drops their validation metadata).',
        },
      ],
    },
  },
  {
    files: ['**/*.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', module: 'writable', process: 'readonly', __dirname: 'readonly', __filename: 'readonly', console: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
