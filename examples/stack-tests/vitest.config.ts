import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: import.meta.dirname,
    include: ['*.test.ts'],
    // A stack's up includes its containers' start and readiness.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
