import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

/**
 * Tests run devgen's TypeScript sources: the package's own `devgen/…` imports (generated code,
 * behaviour, the CLI) resolve to them through the `devgen-source` export condition. Tests that
 * start the `devgen` command run the compiled dist/, which the global set-up rebuilds first so
 * it is never older than the sources. Differential tests start real QEMU processes: give them
 * time, and keep runs sequential per file.
 */
const conditions = ['devgen-source', ...defaultServerConditions];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/setup/build-dist.global.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
