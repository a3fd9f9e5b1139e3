import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Layout rules on SQL (DESIGN §2): which folder may name which tables. A string or template
// literal that names one elsewhere fails `npm run lint` with the rule's name and reason. Tests are
// exempt: they read and tamper with the tables as an outside observer (or an attacker) would.
// Import rules are dependency-cruiser's (.dependency-cruiser.cjs, `npm run layout`).
const sqlRule = (pattern, message) => [
  { selector: `Literal[value=${pattern}]`, message },
  { selector: `TemplateElement[value.raw=${pattern}]`, message },
];
const LOG_TABLES = sqlRule(
  String.raw`/\b(FROM|JOIN|INTO|UPDATE|TABLE|TRUNCATE)\s+(ONLY\s+)?(events|events_json|log_head|commands|schema_migrations|personal_data_keys)\b|\baccord_(insert_events|expect_head)\b/i`,
  "layout rule 'log tables belong to libs/event-store': this SQL names the log's tables (events, log_head, commands…). Only libs/event-store touches them (DESIGN §2; personal_data_keys too, §4), so the log's format and its gap-safety stay in one place: read through @accord/event-store (EventStore, LogReader, or logSelect for SQL run in the database).",
);
const READ_MODEL_TABLES = sqlRule(
  String.raw`/\brm_[a-z_]+\b|\bprojection_checkpoints\b/`,
  "layout rule 'read-model tables belong to libs/projections': this SQL names a read model's table (rm_*) or projection_checkpoints. A read model's tables are read only through the readers its projection's module exports (libs/projections/src/read-models/<model>/<model>.reader.ts), so a table can change with its projection alone.",
);
const TESTS = ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.test-fixtures.ts'];

export default tseslint.config(
  {
    ignores: ['dist/', 'packages/*/dist/', 'node_modules/', 'data/', 'bench-results/', 'infra/kafka/lib/', 'coverage/'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        require: 'readonly',
        module: 'readonly',
        __dirname: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        URL: 'readonly',
        fetch: 'readonly',
        Headers: 'readonly',
        AbortController: 'readonly',
        AbortSignal: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    files: ['apps/**/*.{ts,tsx}', 'libs/**/*.ts'],
    ignores: ['libs/event-store/**', 'libs/projections/**', ...TESTS],
    rules: { 'no-restricted-syntax': ['error', ...LOG_TABLES, ...READ_MODEL_TABLES] },
  },
  {
    files: ['libs/event-store/**/*.ts'],
    ignores: TESTS,
    rules: { 'no-restricted-syntax': ['error', ...READ_MODEL_TABLES] },
  },
  {
    files: ['libs/projections/**/*.ts'],
    ignores: TESTS,
    rules: { 'no-restricted-syntax': ['error', ...LOG_TABLES] },
  },
);
