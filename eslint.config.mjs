import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  // A generated-client scenario imports types that exist only while its test runs (tsc checks it there).
  {
    ignores: [
      'dist/',
      'coverage/',
      '.data/',
      '.deploy/',
      'node_modules/',
      'jest.config.js',
      'service/test-containers/jest.config.js',
      'service/test/**/*.scenario.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    // supertest bodies are `any` by design; tests assert on them field by field.
    files: ['service/test/**/*.ts', 'service/test-containers/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
    },
  },
  { files: ['**/*.mjs', '**/*.js'], ...tseslint.configs.disableTypeChecked },
  { files: ['**/*.js'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
);
