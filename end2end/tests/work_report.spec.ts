import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { hydrated, signIn } from './helpers';

// The 工作总结: a planner records the half-year's work in the ledger and an indicator's value,
// writes the narrative before a section, generates the 上半年 report, and downloads it as DOCX
// and PDF; the files carry the figures and the narrative.

const shots = process.env.ROADMAP_SHOTS;

test('a planner writes the half-year report from live data and downloads it', async ({ page }) => {
  test.setTimeout(180_000);
  await signIn(page, 'planner', '/activities');

  // Two study sessions of the first half in the ledger.
  await page.goto('/activities');
  await hydrated(page);
  const ledger = page.locator('form.add-activity-form');
  for (const [day, title] of [['2026-03-02', '周一集体学习：数据安全法'], ['2026-03-09', '周一集体学习：公共数据授权']]) {
    await ledger.locator('select[name="form[activity_type]"]').selectOption({ label: '集体学习' });
    await ledger.locator('input[name="form[held_on]"]').fill(day);
    await ledger.locator('input[name="form[title]"]').fill(title);
    await ledger.locator('button[data-action=add-activity]').click();
    await expect(page.locator('.activity-table tr', { hasText: title })).toBeVisible();
  }

  // An entered indicator with a yearly target, and May's value.
  await page.goto('/indicators');
  await hydrated(page);
  const define = page.locator('form.add-indicator-form');
  await define.locator('input[name="form[name_zh]"]').fill('数据讲堂场次');
  await define.locator('input[name="form[measure]"]').fill('场');
  await define.locator('input[name="form[target]"]').fill('12');
  await define.locator('input[name="form[pinned]"]').check();
  await define.locator('button[data-action=add-indicator]').click();
  const row = page.locator('.indicator-table tr', { hasText: '数据讲堂场次' });
  await expect(row).toBeVisible();
  await row.locator('summary', { hasText: '填报' }).click();
  await row.locator('input[name="form[period_day]"]').fill('2026-05');
  await row.locator('input[name="form[value]"]').fill('3');
  await row.locator('button[data-action=record-value]').click();
  await expect(row.locator('td[data-value]')).toHaveAttribute('data-value', '300');
  if (shots) await page.screenshot({ path: `${shots}/indicators.png`, fullPage: true });
  // Pinned: a tile on the dashboard, with the year's figure.
  await page.goto('/');
  await expect(page.locator('.indicator-tile', { hasText: '数据讲堂场次' }).locator('.tile-value')).toHaveText('3 场');

  // The narrative before 总体进展, kept for the period.
  await page.goto('/report?from=2026-01-01&to=2026-06-30');
  await hydrated(page);
  await expect(page.locator('.report-period')).toHaveText('2026年上半年');
  const narrative = '上半年，中心以一体化数据平台建设为牵引，各项工作有序推进。';
  const overall = page.locator('.outline-section[data-section=overall] form', {
    has: page.locator('textarea[data-position=before]'),
  });
  await overall.locator('textarea').fill(narrative);
  await overall.locator('button[data-action=save-narrative]').click();
  await expect(overall.locator('.form-success')).toBeVisible();
  await page.reload();
  await expect(page.locator('textarea[data-section=overall][data-position=before]')).toHaveValue(narrative);

  // Generate the 上半年 report (with its PDF where LibreOffice is installed).
  const pdf = (await page.locator('.no-pdf').count()) === 0;
  await page.locator('button[data-action=generate-summary]').click();
  const history = page.locator('.report-history tbody tr');
  await expect(history).toHaveCount(1, { timeout: 120_000 });
  if (shots) await page.screenshot({ path: `${shots}/report.png`, fullPage: true });

  const [docx] = await Promise.all([
    page.waitForEvent('download'),
    history.first().locator('a[data-download=docx]').click(),
  ]);
  expect(docx.suggestedFilename()).toBe('示例县大数据中心2026年上半年工作总结及下半年工作计划.docx');
  const docxBytes = readFileSync(await docx.path());
  expect(docxBytes.subarray(0, 2).toString()).toBe('PK');
  expect(docxBytes.length).toBeGreaterThan(20_000);

  expect(pdf).toBe(true);
  const [pdfDownload] = await Promise.all([
    page.waitForEvent('download'),
    history.first().locator('a[data-download=pdf]').click(),
  ]);
  expect(pdfDownload.suggestedFilename()).toMatch(/\.pdf$/);
  const pdfPath = await pdfDownload.path();
  expect(readFileSync(pdfPath).subarray(0, 5).toString()).toBe('%PDF-');
  const text = execFileSync('pdftotext', [pdfPath, '-']).toString().replace(/\s+/g, '');
  for (const said of [narrative, '集体学习2次', '数据讲堂场次', '一、工作开展情况', '三、下一步工作计划']) {
    expect(text).toContain(said);
  }
});
