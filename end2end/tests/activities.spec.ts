import { test, expect } from '@playwright/test';
import { hydrated, signIn } from './helpers';

// 工作台账: a planner records a security inspection and a study session; the counts per type
// follow, the dashboard's 工作总结 cites them, and a leader reads the ledger without the form.

const shots = process.env.ROADMAP_SHOTS;

test('a planner records the work of the month and the counts follow', async ({ page, browser }) => {
  await signIn(page, 'planner', '/activities');
  await page.goto('/activities?from=2026-11-01&to=2026-11-30');
  await hydrated(page);
  await expect(page.locator('.activity-counts')).toHaveText('所选期间尚无记录');

  const form = page.locator('form.add-activity-form');
  const add = async (type: string, day: string, title: string, people: string) => {
    await form.locator('select[name="form[activity_type]"]').selectOption({ label: type });
    await form.locator('input[name="form[held_on]"]').fill(day);
    await form.locator('input[name="form[title]"]').fill(title);
    await form.locator('input[name="form[participants]"]').fill(people);
    await form.locator('button[data-action=add-activity]').click();
    await expect(page.locator('.activity-table tr', { hasText: title })).toBeVisible();
  };
  await add('安全检查', '2026-11-10', '6个领域网络安全检查', '8');
  await add('集体学习', '2026-11-16', '周一集体学习：数字政府建设', '21');
  await expect(page.locator('.activity-counts')).toHaveText('集体学习 1 次 · 安全检查 1 次');

  // A date after today is refused on the form, and nothing is added.
  await form.locator('select[name="form[activity_type]"]').selectOption({ label: '培训' });
  await form.locator('input[name="form[held_on]"]').fill('2026-12-20');
  await form.locator('input[name="form[title]"]').fill('下月培训');
  await form.locator('button[data-action=add-activity]').click();
  await expect(form.locator('.field-error, .form-error').first()).toContainText('不能晚于今天');
  await expect(page.locator('.activity-table tbody tr')).toHaveCount(2);
  if (shots) await page.screenshot({ path: `${shots}/activities.png`, fullPage: true });

  // The dashboard's 工作总结 cites the year's counts.
  await page.goto('/');
  await expect(page.locator('textarea[readonly]')).toContainText('2026年以来开展集体学习 1 次、安全检查 1 次。');

  // A leader reads the ledger; there is no form to write it.
  const leader = await browser.newPage();
  await signIn(leader, 'viewer', '/activities');
  await leader.goto('/activities?type_id=6');
  await expect(leader.locator('.activity-table tbody tr')).toHaveCount(1);
  await expect(leader.locator('form.add-activity-form')).toHaveCount(0);
  await expect(leader.locator('[data-action=delete-activity]')).toHaveCount(0);
});
