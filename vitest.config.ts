import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Integration tests spawn the built CLI; give slow shared machines room.
    testTimeout: 30_000,
  },
});
