import { test, expect, Page, Browser } from '@playwright/test';
import { signIn, hydrated } from './helpers';

// 三员分立: runs last, as it takes duties from the admin the earlier tests rely on.

/** The admin opens an account on 管理 › 用户 with an initial password. */
async function openAccount(page: Page, username: string, role: string) {
  await page.goto('/admin/users');
  await hydrated(page);
  const add = page.locator('form.add-user-form');
  await add.locator('input[name="form[username]"]').fill(username);
  await add.locator('select[name="form[role]"]').selectOption(role);
  await add.locator('input[name="form[password]"]').fill('Initial-pass-1');
  await add.locator('button[type=submit]').click();
  await expect(page.locator(`tr[data-user=${username}]`)).toBeVisible();
}

/** Signs `username` in with the initial password and replaces it; returns the signed-in page. */
async function firstSignIn(browser: Browser, username: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto('/login');
  await page.locator('input[name=username]').fill(username);
  await page.locator('input[name=password]').fill('Initial-pass-1');
  await page.locator('.login-form button[type=submit]').click();
  await expect(page).toHaveURL(/\/account\?change=initial$/);
  await hydrated(page);
  const change = page.locator('.form-panel form');
  await change.locator('input[name=current]').fill('Initial-pass-1');
  await change.locator('input[name=new]').fill('Harbor-mint-7');
  await change.locator('input[name=confirm]').fill('Harbor-mint-7');
  await change.locator('button[type=submit]').click();
  await expect(page).toHaveURL(/\/account\?changed=true$/);
  return page;
}

const tabs = (page: Page) => page.locator('.admin-tabs a').allTextContents();

test('separated duties give the system, security and audit administrators one part each', async ({ page, browser }) => {
  await signIn(page, 'admin', '/admin/users');
  await openAccount(page, 'anquan', 'security_admin');
  await openAccount(page, 'shenji', 'audit_admin');
  const security = await firstSignIn(browser, 'anquan');
  const auditor = await firstSignIn(browser, 'shenji');

  // The security administrator separates the duties on 安全与备份.
  await security.goto('/admin/security');
  await hydrated(security);
  const duties = security.locator('#duties');
  await duties.locator('input[name=separate]').check();
  // The save answers and the page settles first; reloading while it still loads what the save
  // changed would cut that off (net::ERR_ABORTED).
  await Promise.all([
    security.waitForResponse((r) => r.url().includes('/api/set_separate_duties')),
    duties.locator('button[type=submit]').click(),
  ]);
  await security.waitForLoadState('networkidle');
  await security.reload();
  await expect(security.locator('#duties input[name=separate]')).toBeChecked();
  expect(await tabs(security)).toEqual(['用户', '安全与备份']);
  await expect(security.locator('#sessions tr[data-session-user=admin]').first()).toBeVisible();
  await expect(security.locator('#security-log')).toHaveCount(0);
  await security.screenshot({ path: 'test-results/duties-security.png', fullPage: true });

  // The admin, already signed in, is the system administrator from the next page on.
  await page.goto('/admin/security');
  await expect(page.locator('#backups')).toBeVisible();
  await expect(page.locator('#duties')).toHaveCount(0);
  await expect(page.locator('#sessions')).toHaveCount(0);
  await expect(page.locator('#security-log')).toHaveCount(0);
  await page.goto('/admin/users');
  // Administrators' accounts are the security administrator's: shown, not editable here.
  await expect(page.locator('tr[data-user=shenji] .managed-elsewhere')).toBeVisible();
  await expect(page.locator('tr[data-user=viewer] select[name=role]')).toBeVisible();
  const roles = await page.locator('form.add-user-form select[name="form[role]"] option').allTextContents();
  expect(roles).not.toContain('安全管理员');
  const settings = await page.goto('/admin');
  expect(settings?.status()).toBe(200);
  await expect(page.locator('input[name=enabled]')).toBeVisible();
  await expect(page.locator('.journal-table')).toHaveCount(0);

  // The audit administrator reads the log, where the switch is recorded, and changes nothing.
  await auditor.goto('/admin/security');
  expect(await tabs(auditor)).toEqual(['访问与日志', '安全与备份']);
  const log = auditor.locator('#security-log');
  await expect(log.locator('tr[data-action=admin]').filter({ hasText: 'set_separate_duties' }).first()).toBeVisible();
  await expect(auditor.locator('#backups')).toHaveCount(0);
  await expect(auditor.locator('#sessions')).toHaveCount(0);
  await auditor.screenshot({ path: 'test-results/duties-audit.png', fullPage: true });
  await auditor.goto('/admin');
  await expect(auditor.locator('.journal-table tbody tr').first()).toBeVisible();
  await auditor.goto('/milestones/new');
  await expect(auditor.locator('.error-box')).toContainText('没有执行此操作的权限');
});
