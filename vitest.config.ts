import path from 'node:path';
import { defineConfig } from 'vitest/config';

const alias = { '@contract': path.resolve('main/contract/index.ts') };

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'unit',
          include: ['main/**/*.test.ts', 'electron/**/*.test.ts', 'scripts/**/*.test.ts', 'renderer/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['main/test-support/pg-server.ts'],
          testTimeout: 30_000,
          // expect.poll gives up after 1 s unless told: too short on a loaded machine.
          expect: { poll: { timeout: 10_000 } },
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'e2e',
          include: ['e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['main/test-support/pg-server.ts'],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // expect.poll gives up after 1 s unless told: too short for a console on a loaded machine.
          expect: { poll: { timeout: 15_000 } },
        },
      },
    ],
  },
});
