const { swcOptions, jestModuleNameMapper } = require('./scripts/swc-options.cjs');

const transform = {
  '^.+\\.ts$': ['@swc/jest', { ...swcOptions(), sourceMaps: 'inline' }],
  // jose 6 and @platformatic/kafka ship ES modules only; Jest's CommonJS runtime needs them transpiled.
  '^.+/node_modules/(jose|@platformatic)/.+\\.js$': [
    '@swc/jest',
    {
      jsc: { parser: { syntax: 'ecmascript', importAttributes: true }, target: 'es2022' },
      module: { type: 'commonjs' },
    },
  ],
};
const common = {
  transform,
  transformIgnorePatterns: ['/node_modules/(?!(jose|@platformatic)/)'],
  moduleNameMapper: jestModuleNameMapper(),
  testEnvironment: 'node',
  setupFiles: ['reflect-metadata'],
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/data/'],
};

/** @type {import('jest').Config} */
module.exports = {
  verbose: true,
  // Integration suites drive real servers; the slowest (10,000 appends under a live subscriber) takes seconds.
  testTimeout: 120000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,examples}/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/{apps,libs}/**/*.int-spec.ts', '<rootDir>/test/e2e/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  ],
};
