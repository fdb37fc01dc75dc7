// Browser tests: Debian's Chromium (never a downloaded browser) against the release build in dist/.
// Three projects: `stand-in` (tests/browser, Jaeger answered by the tests' routing), `real-jaeger`
// (tests/real, real Jaegers and services that the global setup starts on loopback) and `nextjs`
// (tests/nextjs, the examples/nextjs host app that scripts/nextjs builds, against those Jaegers);
// `package` (tests/package, the npm package's TypeScript declarations as a host meets them).
import { defineConfig } from '@playwright/test';

const port = Number(process.env.TRACEDECK_TEST_PORT ?? 4173);

export default defineConfig({
  projects: [
    { name: 'stand-in', testDir: 'tests/browser' },
    { name: 'real-jaeger', testDir: 'tests/real' },
    { name: 'nextjs', testDir: 'tests/nextjs' },
    { name: 'package', testDir: 'tests/package' },
  ],
  globalSetup: './tests/real/global-setup.mjs',
  outputDir: 'test-results',
  timeout: 30_000,
  workers: 2,
  // A test that fails once is run again, and scripts/test counts it as flaky out loud: a
  // scheduling hiccup on a loaded 2-core runner should not block a landing, nor pass unnoticed.
  retries: 1,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    browserName: 'chromium',
    launchOptions: {
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
    screenshot: 'only-on-failure',
  },
  webServer: {
    command: `node tests/browser/static-server.mjs dist ${port}`,
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: false,
  },
});
