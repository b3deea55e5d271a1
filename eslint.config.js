// Lint is where the architecture's import direction is enforced, folder by folder.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const electronOnlyInShell = {
  name: 'electron',
  message: 'Only electron/ may import electron: the engine must run under plain Node.',
};

/** main/'s import directions, everywhere in main/. */
const mainBoundaries = [
  { regex: '(^|/)renderer(/|$)', message: 'main/ never imports the console.' },
  { regex: '(^|/)electron(/|$)', message: 'main/ never imports the desktop shell.' },
];

/** SQL lives in the store layer (main/db/ and *-store.ts files) and nowhere else. */
const storeLayerOnly = [
  {
    regex: '^(drizzle-orm|better-sqlite3$|pg$)',
    message: 'Queries live in the store layer: main/db/ or a *-store.ts file; call a store function instead.',
  },
];
const noRawStatements = {
  selector: 'MemberExpression[property.name=/^(prepare|\\$client)$/]',
  message: 'Raw statements live in the store layer: main/db/ or a *-store.ts file.',
};


export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'resources/', 'test-results/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': 'error',
    },
  },
  {
    files: ['main/**/*.ts'],
    ignores: ['main/contract/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [electronOnlyInShell], patterns: [...mainBoundaries, ...storeLayerOnly] }],
      'no-restricted-syntax': ['error', noRawStatements],
    },
  },
  {
    // The store layer itself, tests that look at rows directly, and the files not yet moved.
    files: ['main/db/**/*.ts', 'main/**/*-store.ts', 'main/**/*.test.ts', 'main/test-support/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [electronOnlyInShell], patterns: mainBoundaries }],
      'no-restricted-syntax': 'off',
    },
  },
  {
    files: ['main/contract/**/*.ts'],
    ignores: ['main/contract/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!zod$|\\./)',
              message: 'main/contract depends on zod and itself only: the console and the shell import it.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The console talks to the engine only through the contract.' }],
          patterns: [
            { regex: '^node:', message: 'The console runs in a browser sandbox: no Node modules.' },
            {
              regex: '(^|/)(main|electron)(/|$)',
              message: 'The console imports the engine only as @contract (main/contract).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/vite.config.ts'],
    languageOptions: { globals: { ...globals.node } },
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['electron/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '(^|/)renderer(/|$)', message: 'The shell loads the built console; it never imports it.' }] },
      ],
    },
  },
  {
    // Tools and tests drive the desktop app from outside (Playwright's _electron), never import it.
    files: ['scripts/**/*.ts', 'bench/**/*.ts', 'e2e/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [electronOnlyInShell] }] },
  },
  {
    files: ['**/*.test.ts', '**/*.test.tsx', 'e2e/**', 'bench/**', 'scripts/**'],
    rules: { 'no-console': 'off' },
  },
);
