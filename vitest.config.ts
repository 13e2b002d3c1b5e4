import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Two cores on CI: forks keep each test file's wasm instance isolated.
    pool: 'forks',
    testTimeout: 60_000,
  },
});
