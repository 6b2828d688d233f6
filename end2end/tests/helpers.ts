import { expect, Page } from '@playwright/test';
import { readFileSync } from 'fs';

const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const WCAG_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** The axe-core WCAG 2 A/AA violations of the page as it stands, one line each. */
export async function violations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: AXE });
  const result = await page.evaluate(async (tags) => {
    // @ts-ignore: axe is the script just added.
    return await window.axe.run(document, { runOnly: tags, resultTypes: ['violations'] });
  }, WCAG_AA);
  return result.violations.map((v: any) =>
    `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n: any) => n.target.join(' ')).join(' | ')}`);
}

/** Demo accounts that come with the sample data (see README). */
export const PASSWORDS: Record<string, string> = {
  viewer: 'roadmap-viewer',
  planner: 'roadmap-planner',
  admin: 'roadmap-admin',
  // Unit liaisons: 县公安局, and 县大数据发展中心.
  liaison: 'roadmap-liaison',
  liaison2: 'roadmap-liaison2',
  // Opened by the admin test.
  // Its initial password, set by the admin in editing.spec.ts (then changed there).
  lisi: 'Initial-pass-1',
};

/** Signs in through the plain HTML form, as a person would; works with JavaScript off too. */
export async function signIn(page: Page, username: keyof typeof PASSWORDS, next = '/') {
  await page.goto(`/login?next=${encodeURIComponent(next)}`);
  await page.locator('input[name=username]').fill(username);
  await page.locator('input[name=password]').fill(PASSWORDS[username]);
  await page.locator('.login-form button[type=submit]').click();
  await expect(page.locator('.user-menu')).toBeVisible();
}

export async function hydrated(page: Page) {
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
}
