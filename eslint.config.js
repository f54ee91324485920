// Folders name where code runs (VS Code's layering): a wrong import is a lint error, not a review comment.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'net', 'http', 'https', 'crypto', 'child_process', 'stream', 'events', 'url', 'util', 'worker_threads', 'zlib', 'tls', 'dns'];
const folder = (name) => [`${name}/**`, `../${name}/**`, `../../${name}/**`, `../../../${name}/**`];
const restrict = (patterns) => ['error', { patterns }];

const forbid = (group, message) => ({ group, message });
const sharedNoRuntime = forbid(['electron', 'electron/*', 'react', 'react-dom', 'leaflet', 'socket.io', 'pg', '@electric-sql/*'], 'shared/ imports no runtime.');
const sharedOnlyShared = forbid([...folder('main'), ...folder('preload'), ...folder('renderer'), ...folder('backend'), ...folder('simulator')], 'shared/ imports only shared/.');

export default tseslint.config(
  { ignores: ['node_modules/**', 'out/**', 'dist/**', 'test-results/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
    linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'error' },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict([forbid(nodeBuiltins, 'shared/ runs everywhere: no Node built-ins.'), sharedNoRuntime, sharedOnlyShared]),
    },
  },
  {
    // Tests run in Node (and may check shared code against Node's own answers); the code under test stays runtime-free.
    files: ['shared/**/*.test.ts'],
    languageOptions: { globals: globals.node },
    rules: {
      'no-restricted-imports': restrict([sharedNoRuntime, sharedOnlyShared]),
    },
  },
  {
    files: ['main/**/*.ts'],
    languageOptions: { globals: globals.node },
    rules: {
      'no-restricted-imports': restrict([
        forbid([...folder('renderer'), ...folder('preload'), ...folder('backend'), ...folder('simulator')], 'main/ may import shared/ only.'),
      ]),
    },
  },
  {
    files: ['preload/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict([
        forbid(nodeBuiltins, 'A sandboxed preload has no Node built-ins.'),
        forbid([...folder('main'), ...folder('renderer'), ...folder('backend'), ...folder('simulator')], 'preload/ may import shared/ and Electron renderer APIs only.'),
      ]),
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    languageOptions: { globals: globals.browser },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': restrict([
        forbid(nodeBuiltins, 'The renderer never sees Node.'),
        forbid(['electron', 'electron/*'], 'The renderer reaches the desktop only through the bridge in shared/bridge.ts.'),
        forbid([...folder('main'), ...folder('preload'), ...folder('backend'), ...folder('simulator')], 'renderer/ may import shared/ only.'),
      ]),
    },
  },
  {
    files: ['backend/**/*.ts'],
    languageOptions: { globals: globals.node },
    rules: {
      'no-restricted-imports': restrict([
        forbid(['electron', 'electron/*', 'react', 'react-dom', 'leaflet'], 'backend/ runs in Node without a UI.'),
        forbid([...folder('main'), ...folder('preload'), ...folder('renderer'), ...folder('simulator')], 'backend/ may import shared/ only.'),
      ]),
    },
  },
  {
    files: ['simulator/**/*.ts'],
    languageOptions: { globals: globals.node },
    rules: {
      'no-restricted-imports': restrict([
        forbid(['electron', 'electron/*', 'react', 'react-dom', 'leaflet'], 'simulator/ runs in Node without a UI.'),
        forbid([...folder('main'), ...folder('preload'), ...folder('renderer'), ...folder('backend')], 'simulator/ speaks to the backend over the wire only.'),
      ]),
    },
  },
  {
    files: ['e2e/**/*.ts', 'bench/**/*.ts', 'bin/**/*.js', '*.config.{js,ts}'],
    languageOptions: { globals: globals.node },
  },
);
