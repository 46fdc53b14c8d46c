import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'web/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Simulators bind real ports; files run in parallel workers, tests inside a file run serially.
    pool: 'forks',
    reporters: ['default'],
  },
});
