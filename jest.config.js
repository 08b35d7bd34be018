// One config for every kind of test: *.spec.ts (pure), *.int-spec.ts (real database), *.e2e-spec.ts (HTTP),
// and the portal's component specs (*.spec.tsx, Preact rendered to a string).
const { pathsToModuleNameMapper } = require('ts-jest');
const { compilerOptions } = require('./tsconfig.json');
const { testServers } = require('./test/test-servers');

module.exports = async () => ({
  rootDir: '.',
  testEnvironment: 'node',
  testRegex: '.*\\.(spec|int-spec|e2e-spec)\\.tsx?$',
  testPathIgnorePatterns: ['/node_modules/', ...(await testServers())],
  moduleFileExtensions: ['ts', 'tsx', 'js', 'json'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { diagnostics: false }],
    '^.+\\.js$': ['@swc/jest', { module: { type: 'commonjs' } }],
    // The portal's JSX is Preact's (apps/web/tsconfig.json), not the server's tsconfig.
    '^.+\\.tsx$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript', tsx: true }, transform: { react: { runtime: 'automatic', importSource: 'preact' } } }, module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!(@nestjs|meilisearch)/)'],
  moduleNameMapper: pathsToModuleNameMapper(compilerOptions.paths, { prefix: '<rootDir>/' }),
  testTimeout: 60000,
  maxWorkers: 2,
});
