import { defineConfig } from 'vitest/config';
import { PlainSummaryReporter } from './e2e/support/plain-summary-reporter.js';

export default defineConfig({
  test: {
    include: ['{shared,main,preload,renderer,backend,simulator}/**/*.test.{ts,tsx}', 'e2e/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    pool: 'forks',
    reporters: ['default', new PlainSummaryReporter()],
  },
});
