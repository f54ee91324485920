import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{shared,main,preload,renderer,backend,simulator}/**/*.test.{ts,tsx}', 'e2e/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
