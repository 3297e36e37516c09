// ESLint holds the import directions of the house (see STYLE):
//   api → app, domain, infra · workers → app, domain, infra · app → domain · infra → domain, engine ·
//   domain → nothing · engine → nothing of ours (a product of its own: drizzle-orm, feelin, bpmn-moddle, node built-ins);
//   the composition roots (system.ts, use-cases.ts, cli/) build app over infra.
//   api and workers never import each other; only infra/ imports drizzle or a database driver; only
//   infra/engine plugs the embedded engine in; no import cycles (import-x); only infra/config.ts reads process.env.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';

const forbid = (...groups) => ({
  'no-restricted-imports': ['error', { patterns: groups.map((g) => ({ group: g.group, message: g.message })) }],
});
const ours = (...except) =>
  [
    '**/infra/**',
    '**/api/**',
    '**/workers/**',
    '**/domain/**',
    '**/app/**',
    '**/test/**',
    '**/bench/**',
    '**/tools/**',
    '**/system.ts',
    '**/main.ts',
  ].filter((g) => !except.includes(g));
const engineTests = ['engine/**/*.test.ts', 'engine/conformance/**'];
const notEngineLibs = [
  'fastify',
  '@fastify/*',
  'pino',
  'pino-*',
  '@camunda8/*',
  'bpmn-engine',
  'postgres',
  'pg',
  '@electric-sql/*',
  'typebox',
  'chinese-days',
];
const infraLibs = [
  'fastify',
  '@fastify/*',
  'drizzle-orm',
  'drizzle-orm/*',
  'pino',
  'pino-*',
  '@camunda8/*',
  'bpmn-engine',
  'postgres',
  '@electric-sql/*',
];

export default tseslint.config(
  { ignores: ['node_modules/**', '.data/**', '.scratch/**', 'dist/**', 'coverage/**', 'modeler-plugins/**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // import-x resolves every relative import: no cycles anywhere, and the engine's insides stay its own
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js'] })],
      'import-x/extensions': ['.ts', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/ignore': ['node_modules'],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-self-import': 'error',
      'import-x/no-useless-path-segments': 'error',
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            {
              target: ['./api', './app', './workers', './domain', './cli'],
              from: './engine',
              message: 'Only infra/engine plugs the embedded engine in (through the engine port).',
            },
            {
              target: './infra',
              from: './engine',
              except: ['./index.ts', './store/tables.ts'],
              message:
                'infra uses the engine through engine/index.ts (and its tables for the schema), never its insides.',
            },
          ],
        },
      ],
    },
  },
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        Buffer: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'error',
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration through infra/config.ts.' },
      ],
    },
  },
  {
    files: [
      'infra/config.ts',
      'test/**',
      'bench/**',
      'tools/**',
      '**/*.test.ts',
      'eslint.config.js',
      'drizzle.config.ts',
      'vitest.config.ts',
    ],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    files: ['bench/**', 'tools/**', 'cli/**', 'infra/**/*-cli.ts', 'scripts/**'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['domain/**'],
    rules: forbid(
      {
        group: ['**/infra/**', '**/api/**', '**/workers/**', '**/test/**', '**/engine/**'],
        message: 'domain/ imports nothing of ours outside domain/.',
      },
      { group: infraLibs, message: 'domain/ is pure: no I/O libraries.' },
    ),
  },
  {
    files: ['engine/**'],
    ignores: engineTests,
    rules: forbid(
      { group: ours(), message: 'engine/ imports nothing of ours outside engine/: it could be published alone.' },
      {
        group: notEngineLibs,
        message:
          'engine/ uses drizzle-orm, feelin, bpmn-moddle and node built-ins only; the host hands it a drizzle database and a logger.',
      },
    ),
  },
  {
    files: engineTests,
    rules: forbid({
      group: ours('**/test/**'),
      message: "engine/ tests import engine/ and the project's shared test helpers (test/) only.",
    }),
  },
  {
    files: ['app/**'],
    ignores: ['**/*.test.ts'],
    rules: forbid(
      {
        group: ['**/infra/**', '**/api/**', '**/workers/**', '**/test/**', '**/engine/**'],
        message: 'app/ imports domain/ only (its ports are in domain/ports).',
      },
      { group: infraLibs, message: 'app/ reaches the world through domain/ports, not through I/O libraries.' },
    ),
  },
  {
    files: ['infra/**'],
    ignores: ['**/*.test.ts'],
    rules: forbid({
      group: ['**/api/**', '**/workers/**', '**/app/**'],
      message: 'infra/ may import domain/ and engine/ only.',
    }),
  },
  {
    files: ['api/**'],
    ignores: ['**/*.test.ts', 'api/app.fixture.ts'],
    rules: forbid(
      { group: ['**/workers/**'], message: 'api/ and workers/ never import each other.' },
      { group: ['bpmn-engine', '@camunda8/*'], message: 'Only infra/engine knows which engine runs.' },
      {
        group: ['drizzle-orm', 'drizzle-orm/*', 'pg', 'postgres', '@electric-sql/*'],
        message: 'Only infra/ speaks to the database; a route calls a use case.',
      },
    ),
  },
  {
    files: ['cli/**'],
    rules: forbid({
      group: ['**/api/**', '**/workers/**'],
      message: 'cli/ builds use cases over adapters (use-cases.ts); it serves no HTTP and runs no job.',
    }),
  },
  {
    files: ['workers/**'],
    ignores: ['**/*.test.ts'],
    rules: forbid(
      { group: ['**/api/**'], message: 'api/ and workers/ never import each other.' },
      { group: ['bpmn-engine', '@camunda8/*'], message: 'Only infra/engine knows which engine runs.' },
      {
        group: ['drizzle-orm', 'drizzle-orm/*', 'pg', 'postgres', '@electric-sql/*'],
        message: 'Only infra/ speaks to the database; a worker calls a use case.',
      },
    ),
  },
);
