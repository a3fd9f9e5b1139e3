// The chaos test (test/chaos): the scale-out layout of infra/cluster killed piece by piece under
// load. Apart from `npm test` because it starts a cluster of its own and takes minutes: `npm run chaos`.
const base = require('./jest.config.js');
const integration = base.projects.find((p) => p.displayName === 'integration');

/** @type {import('jest').Config} */
module.exports = {
  ...integration,
  displayName: 'chaos',
  testMatch: ['<rootDir>/test/chaos/**/*.chaos-spec.ts'],
  globalSetup: undefined,
  globalTeardown: undefined,
  verbose: true,
  // A net, not a budget: every wait of the test is bounded on its own and names what it waited
  // for. Under load 25 on 2 cores an API takes 40–95 s to start, and the run up to 8 minutes.
  testTimeout: 900000,
  // A subscriber's or client's socket to a killed process must not hold the run open.
  forceExit: true,
};
