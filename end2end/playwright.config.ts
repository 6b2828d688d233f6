import { defineConfig } from '@playwright/test';

// The server is started by scripts/test.sh (fresh SQLite database with the sample data and a
// fixed "today"), which passes its address in ROADMAP_E2E_URL.
export default defineConfig({
  testDir: './tests',
  timeout: 30_000,
  retries: 0,
  // The projects run one after another (each depends on the one before); only the accessibility
  // audits, which only read, use the second worker.
  workers: 2,
  reporter: [['list']],
  // The read-only checks of the sample figures run first; the editing tests change data after.
  projects: [
    { name: 'read', testMatch: /pages\.spec\.ts/ },
    { name: 'edit', testMatch: /editing\.spec\.ts/, dependencies: ['read'] },
    { name: 'reporting', testMatch: /reporting\.spec\.ts/, dependencies: ['edit'] },
    { name: 'rounds', testMatch: /rounds\.spec\.ts/, dependencies: ['reporting'] },
    { name: 'activities', testMatch: /activities\.spec\.ts/, dependencies: ['rounds'] },
    { name: 'report', testMatch: /work_report\.spec\.ts/, dependencies: ['activities'] },
    // Last: separating duties takes the journal and the security page from the admin.
    // Every page as each role, once the rounds, activities and reports exist.
    { name: 'access', testMatch: /access\.spec\.ts/, dependencies: ['report'] },
    { name: 'duties', testMatch: /duties\.spec\.ts/, dependencies: ['access'] },
    // This instance as a city: counties registered, their packages imported (issue 19).
    { name: 'region', testMatch: /region\.spec\.ts/, dependencies: ['duties'] },
  ],
  use: {
    baseURL: process.env.ROADMAP_E2E_URL ?? 'http://127.0.0.1:3000',
    locale: 'zh-CN',
    viewport: { width: 1366, height: 768 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
});
