import { defineConfig } from 'vitest/config';

// Differential tests start real QEMU processes: give them time, and keep runs sequential per file.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
