import { test, expect } from '@playwright/test';
import { hydrated, signIn } from './helpers';

// Planners change the roadmap; these run after the read-only checks (see playwright.config.ts).

test('a planner creates a milestone, records progress and sees the overview move', async ({ page }) => {
  await signIn(page, 'planner');
  await page.goto('/');
  const done = page.locator('[data-kpi=done] .kpi-value');
  const before = (await done.textContent()) ?? '';
  const [doneBefore, totalBefore] = before.split('/').map((s) => parseInt(s.trim(), 10));

  await page.goto('/milestones');
  await hydrated(page);
  await page.locator('a.new-milestone').click();
  await expect(page).toHaveURL(/\/milestones\/new$/);
  await hydrated(page);
  await page.evaluate(() => ((window as any).__sameDocument = true));
  const form = page.locator('form.milestone-form');
  await form.locator('input[name="form[title]"]').fill('乡镇便民服务中心视频会议系统全覆盖');
  await form.locator('select[name="form[phase]"]').selectOption({ label: '五年成效' });
  await form.locator('select[name="form[pillar]"]').selectOption({ label: '一张网' });
  await form.locator('select[name="form[unit]"]').selectOption({ index: 1 });
  await form.locator('input[name="form[start_date]"]').fill('2026-03-01');
  await form.locator('input[name="form[due_date]"]').fill('2026-02-01');
  await form.locator('button[type=submit]').click();
  // The server's message appears next to the field, without a page load, and nothing is saved.
  await expect(form.locator('.field-error[data-field=due_date]')).toHaveText('完成期限不能早于开始日期');
  expect(await page.evaluate(() => (window as any).__sameDocument)).toBe(true);

  await form.locator('input[name="form[due_date]"]').fill('2026-12-31');
  await form.locator('button[type=submit]').click();
  await expect(page).toHaveURL(/\/milestones\/\d+$/);
  await expect(page.locator('h1')).toHaveText('乡镇便民服务中心视频会议系统全覆盖');
  await expect(page.locator('.progress-text')).toHaveText('0%');

  await hydrated(page);
  await page.locator('details.record-progress summary').click();
  const progress = page.locator('form.progress-form');
  await progress.locator('input[name="form[percent]"]').fill('100');
  await progress.locator('textarea[name="form[note]"]').fill('16 个乡镇已全部开通并完成验收');
  await progress.locator('button[type=submit]').click();
  await expect(page.locator('.progress-text')).toHaveText('100%');
  await expect(page.locator('.timeline-entry').first()).toContainText('16 个乡镇已全部开通并完成验收');
  await expect(page.locator('.timeline-entry').first()).toContainText('示例规划员');
  await expect(page.locator('.change-list')).toContainText('完成进度');
  await page.screenshot({ path: 'test-results/milestone-detail.png', fullPage: true });

  await page.goto('/');
  await expect(done).toHaveText(`${doneBefore + 1} / ${totalBefore + 1}`);
});

test('a viewer sees no edit controls and a forged post is refused', async ({ page }) => {
  await signIn(page, 'viewer');
  await page.goto('/milestones');
  await expect(page.locator('.milestone-table tbody tr').first()).toBeVisible();
  await expect(page.locator('a.new-milestone')).toHaveCount(0);
  await page.locator('.milestone-table tbody tr td.title a').first().click();
  await expect(page).toHaveURL(/\/milestones\/\d+$/);
  await expect(page.locator('.timeline, .empty').first()).toBeVisible();
  await expect(page.locator('details.record-progress')).toHaveCount(0);
  await expect(page.locator('a', { hasText: '编辑' })).toHaveCount(0);
  await expect(page.locator('.danger-zone')).toHaveCount(0);
  const id = page.url().split('/').pop();
  const percentBefore = await page.locator('.progress-text').textContent();

  // The same request a planner's form sends, posted directly with the viewer's session.
  const response = await page.request.post('/api/record_progress', {
    form: { id: id!, 'form[percent]': '99', 'form[reported_on]': '2026-11-20', 'form[note]': '伪造' },
  });
  expect(response.status()).toBe(403);
  await page.reload();
  await expect(page.locator('.progress-text')).toHaveText(percentBefore!);
  await expect(page.locator('.timeline')).not.toContainText('伪造');
});

test('progress can be recorded without JavaScript, with errors shown on the form', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await signIn(page, 'planner', '/milestones');
  await page.locator('.milestone-table tbody tr td.title a').first().click();
  await expect(page).toHaveURL(/\/milestones\/\d+$/);
  await page.locator('details.record-progress summary').click();
  const progress = page.locator('form.progress-form');
  await progress.locator('input[name="form[percent]"]').fill('150');
  await progress.locator('textarea[name="form[note]"]').fill('无脚本填报');
  await progress.locator('button[type=submit]').click();
  await expect(page.locator('.field-error[data-field=percent]')).toHaveText('完成进度应为 0 到 100 之间的整数');
  await page.locator('form.progress-form input[name="form[percent]"]').fill('100');
  await page.locator('form.progress-form textarea[name="form[note]"]').fill('无脚本填报');
  await page.locator('form.progress-form button[type=submit]').click();
  await expect(page.locator('.timeline-entry').first()).toContainText('无脚本填报');
  await expect(page.locator('.progress-text')).toHaveText('100%');
  await context.close();
});

test('the second of two editors is told what the first changed', async ({ browser }) => {
  const first = await (await browser.newContext()).newPage();
  const second = await (await browser.newContext()).newPage();
  await signIn(first, 'planner', '/milestones');
  await signIn(second, 'admin', '/milestones');
  const href = await first.locator('.milestone-table tbody tr td.title a').nth(3).getAttribute('href');
  await first.goto(`${href}/edit`);
  await second.goto(`${href}/edit`);
  await hydrated(first);
  await hydrated(second);
  await first.locator('input[name="form[title]"]').fill('第一位编辑修改后的名称');
  await first.locator('form.milestone-form button[type=submit]').click();
  await expect(first.locator('h1')).toHaveText('第一位编辑修改后的名称');

  await second.locator('input[name="form[weight]"]').fill('5');
  await second.locator('form.milestone-form button[type=submit]').click();
  const message = second.locator('.form-error');
  await expect(message).toContainText('已被他人修改');
  await expect(message.locator('.change-list')).toContainText('第一位编辑修改后的名称');
  await expect(message.locator('.change-list')).toContainText('planner');
  await second.screenshot({ path: 'test-results/edit-conflict.png', fullPage: true });
  // What the second editor typed is still there; the link opens the latest version instead.
  await expect(second.locator('input[name="form[weight]"]')).toHaveValue('5');
  await message.locator('a.reload-latest').click();
  await expect(second.locator('input[name="form[title]"]')).toHaveValue('第一位编辑修改后的名称');
});

test('a planner edits a project and records a month of investment', async ({ page }) => {
  await signIn(page, 'planner', '/projects');
  await page.locator('.project-table tbody tr[data-id] td.title a').first().click();
  await expect(page).toHaveURL(/\/projects\/\d+$/);
  await hydrated(page);

  const ledger = page.locator('form.ledger-form');
  await ledger.locator('input[name="form[month]"]').fill('13');
  await ledger.locator('button[type=submit]').click();
  await expect(ledger.locator('.field-error[data-field=month]')).toHaveText('月份应为 1 到 12 之间的整数');
  await ledger.locator('input[name="form[month]"]').fill('12');
  await ledger.locator('input[name="form[planned]"]').fill('10.25');
  await ledger.locator('input[name="form[completed]"]').fill('10.25');
  const year = await ledger.locator('input[name="form[year]"]').inputValue();
  await ledger.locator('button[type=submit]').click();
  const row = page.locator(`.ledger-table tr[data-month="${year}-12"]`);
  await expect(row.locator('td').nth(2)).toHaveText('10.25');
  await expect(row.locator('td').nth(3)).toHaveText('10.25');
  await expect(page.locator('.change-list')).toContainText('投资台账');

  await page.locator('a.button', { hasText: '编辑' }).click();
  await expect(page).toHaveURL(/\/projects\/\d+\/edit$/);
  await hydrated(page);
  const form = page.locator('form.project-form');
  await form.locator('input[name="form[fund_county]"]').fill('0.01');
  await form.locator('button[type=submit]').click();
  await expect(form.locator('.field-error[data-field=fund_social]')).toContainText('与总投资');
  await page.reload();
  await hydrated(page);
  await form.locator('input[name="form[visible_progress]"]').fill('主体工程完工，进入联调');
  await form.locator('button[type=submit]').click();
  await expect(page).toHaveURL(/\/projects\/\d+$/);
  await expect(page.locator('.fact-grid').first()).toContainText('主体工程完工，进入联调');
  await page.screenshot({ path: 'test-results/project-detail.png', fullPage: true });
});

test('an admin keeps phases contiguous and opens an account; others cannot', async ({ page, browser }) => {
  await signIn(page, 'admin', '/admin/reference');
  await hydrated(page);
  const phases = page.locator('form.phases-form');
  await phases.locator('input[name="phases[1][start_date]"]').fill('2024-02-01');
  await phases.locator('button[type=submit]').click();
  await expect(phases.locator('.field-error[data-field=phase1_start_date]')).toContainText('之间有空档');
  // A unit that milestones name cannot be deleted: its button is off (and the server refuses).
  await expect(page.locator('.unit-row').first().locator('button.link-button')).toBeDisabled();
  await expect(page.locator('.unit-row').first()).not.toContainText('>');
  await page.screenshot({ path: 'test-results/admin-reference.png', fullPage: true });

  await page.goto('/admin/users');
  await hydrated(page);
  const add = page.locator('form.add-user-form');
  await add.locator('input[name="form[username]"]').fill('lisi');
  await add.locator('input[name="form[display_name]"]').fill('李四');
  await add.locator('select[name="form[role]"]').selectOption('planner');
  // An initial password: the new account must change it at its first sign-in.
  await add.locator('input[name="form[password]"]').fill('Initial-pass-1');
  await add.locator('button[type=submit]').click();
  await expect(page.locator('tr[data-user=lisi]')).toContainText('李四');

  const other = await (await browser.newContext()).newPage();
  await signIn(other, 'lisi', '/milestones');
  await expect(other).toHaveURL(/\/account\?change=initial$/);
  await expect(other.locator('.change-required')).toContainText('初始密码');
  await hydrated(other);
  const change = other.locator('.form-panel form');
  await change.locator('input[name=current]').fill('Initial-pass-1');
  await change.locator('input[name=new]').fill('lisi-2026-pass');
  await change.locator('input[name=confirm]').fill('lisi-2026-pass');
  await change.locator('button[type=submit]').click();
  await expect(change.locator('.field-error[data-field=new]')).toContainText('不能包含用户名');
  await change.locator('input[name=new]').fill('Harbor-mint-7');
  await change.locator('input[name=confirm]').fill('Harbor-mint-7');
  await change.locator('button[type=submit]').click();
  await expect(other).toHaveURL(/\/account\?changed=true$/);
  await expect(other.locator('.password-changed')).toBeVisible();
  await expect(other.locator('.change-required')).toHaveCount(0);
  await other.goto('/milestones');
  await expect(other.locator('a.new-milestone')).toBeVisible();
  const refused = await other.goto('/admin/users');
  await expect(other.locator('.error-box')).toContainText('没有执行此操作的权限');
  expect(refused?.status()).toBe(403);
});

test('the journal sorts on its columns and keeps the order when filtered', async ({ page }) => {
  await signIn(page, 'admin', '/admin');
  const rows = page.locator('.journal-table tbody tr');
  const users = () => rows.locator('td:nth-child(2)').allTextContents();
  // The edits above are in it, newest first: the account just opened is on the first page.
  await expect(rows.filter({ hasText: 'lisi' }).first()).toBeVisible();

  await page.locator('th a[data-sort=user]').click();
  await expect(page).toHaveURL(/\/admin\?sort=user$/);
  await expect(page.locator('th[aria-sort=ascending] a[data-sort=user]')).toBeVisible();
  const ascending = await users();
  expect(new Set(ascending).size).toBeGreaterThan(1);
  expect(ascending).toEqual([...ascending].sort());
  await page.locator('th a[data-sort=user]').click();
  await expect(page).toHaveURL(/\/admin\?sort=user&desc=true$/);
  const descending = await users();
  expect(descending).toEqual([...descending].sort().reverse());

  // A filter keeps the order; the pager's links keep both.
  await page.locator('.filter-bar select[name=entity]').selectOption('milestone');
  await page.locator('.filter-bar button[type=submit]').click();
  await expect(page).toHaveURL(/entity=milestone.*sort=user&desc=true/);
  await expect(page.locator('th[aria-sort=descending] a[data-sort=user]')).toBeVisible();
  const records = await rows.locator('td:nth-child(3)').allTextContents();
  expect(records.length).toBeGreaterThan(0);
  for (const record of records) expect(record).toContain('里程碑');
  const kept = await users();
  expect(kept).toEqual([...kept].sort().reverse());
});
