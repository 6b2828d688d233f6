import { test, expect, Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { signIn, hydrated, violations } from './helpers';

// 区域汇总 (issue 19): this instance as a city. scripts/test.sh made three sample counties with
// the release binary — 339901 and 339902 exported their November packages, 339903 only a key —
// and passes their folder in ROADMAP_E2E_COUNTIES.
const counties = process.env.ROADMAP_E2E_COUNTIES ?? '';

// The audit's script is injected into the page, which the pages' CSP would refuse.
test.use({ bypassCSP: true });

const keyOf = (code: string) => readFileSync(join(counties, `${code}.key`), 'utf8').trim();
const packageOf = (code: string) => ({
  name: `${code}.zip`,
  mimeType: 'application/zip',
  buffer: readFileSync(join(counties, `${code}.zip`)),
});

async function register(page: Page, name: string, code: string) {
  const form = page.locator('[data-panel=register] form.register-form');
  await form.locator('input[name=name]').fill(name);
  await form.locator('input[name=code]').fill(code);
  await form.locator('input[name=key]').fill(keyOf(code));
  await form.locator('[data-action=register-county]').click();
  await expect(page.locator(`.registered-counties tr[data-county="${code}"]`)).toBeVisible();
}

async function upload(page: Page, code: string) {
  await page.locator('.region-upload input[type=file]').setInputFiles(packageOf(code));
  await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/region/import')),
    page.locator('.region-upload button[type=submit]').click(),
  ]);
  await page.waitForLoadState('load');
  await expect(page.locator('[data-notice]')).toBeVisible();
}

test('a city registers counties, imports their packages and compares them', async ({ page }) => {
  expect(counties, 'scripts/test.sh sets ROADMAP_E2E_COUNTIES').not.toBe('');
  await signIn(page, 'admin', '/region');
  await hydrated(page);
  await register(page, '甲县', '339901');
  await register(page, '乙县', '339902');
  await register(page, '丙县', '339903');
  // A key that is not one is refused at its field.
  const form = page.locator('[data-panel=register] form.register-form');
  await form.locator('input[name=name]').fill('丁县');
  await form.locator('input[name=code]').fill('339904');
  await form.locator('input[name=key]').fill('not-a-key');
  await form.locator('[data-action=register-county]').click();
  await expect(page.locator('[data-panel=register]')).toContainText('公钥无法识别');
  await expect(page.locator('.registered-counties tr')).toHaveCount(4); // the head and three

  // Two counties report; the navigation now offers the region.
  await upload(page, '339901');
  await expect(page.locator('[data-notice=imported]')).toContainText('已导入甲县2026年11月上报包');
  await upload(page, '339902');
  await expect(page.locator('[data-notice=imported]')).toContainText('乙县');
  await expect(page.locator('.site-nav a[href="/region"]')).toBeVisible();

  // A package sent twice is refused, and says why.
  await upload(page, '339901');
  await expect(page.locator('[data-notice=refused]')).toContainText('不比已有的新');

  // Side by side: both in the ranking and the heatmap, the third as not reported.
  await page.goto('/region?period=2026-11');
  await expect(page.locator('[data-kpi=reported]')).toHaveText('2');
  await expect(page.locator('[data-kpi=missing]')).toHaveText('1');
  const ranking = page.locator('.region-ranking tbody tr');
  await expect(ranking).toHaveCount(2);
  await expect(page.locator('.region-ranking tr[data-county="339901"]')).toContainText('甲县');
  await expect(page.locator('.region-ranking tr[data-county="339902"]')).toContainText('乙县');
  await expect(page.locator('.region-missing li[data-county="339903"]')).toContainText('丙县');
  await expect(page.locator('.chart-svg svg')).toBeVisible();
  // The region's total is the two counties' to the fen.
  const money = (s: string | null) => Math.round(Number((s ?? '').replace(/,/g, '')) * 100);
  const a = money(await page.locator('tr[data-county="339901"] [data-field=total]').textContent());
  const b = money(await page.locator('tr[data-county="339902"] [data-field=total]').textContent());
  expect(a).toBeGreaterThan(0);
  expect(money(await page.locator('[data-total=investment]').textContent())).toBe(a + b);
  await page.screenshot({ path: test.info().outputPath('region.png'), fullPage: true });

  // The merged provincial sheet downloads.
  const [sheet] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('a[href^="/region/sheet"]').click(),
  ]);
  expect(sheet.suggestedFilename()).toMatch(/2026年11月.*汇总表\.xlsx$/);

  // Drill down into a county's package, as reported (read-only).
  await page.locator('.region-ranking a', { hasText: '乙县' }).click();
  await expect(page.locator('h1')).toContainText('乙县（339902）');
  await expect(page.locator('[data-list=projects] tbody tr')).toHaveCount(15);
  await expect(page.locator('[data-list=history] tbody tr')).toHaveCount(1);
  await expect(page.locator('main form')).toHaveCount(0);
  // The county that has not reported says so.
  await page.goto('/region/339903?period=2026-11');
  await expect(page.locator('[data-empty=no-package]')).toBeVisible();

  // 丙县 is chased through its own robot: first it has none, then the admin gives it one, and
  // 催报 reaches it and is recorded against it.
  await page.goto('/region?period=2026-11');
  await hydrated(page);
  const unreported = page.locator('.region-missing li[data-county="339903"]');
  await expect(page.locator('[data-list=missing] [data-field=due]')).toContainText('2026年12月5日');
  await expect(unreported.locator('[data-field=no-channel]')).toContainText('未设通知渠道');
  const channel = page.locator('[data-panel=county-channels] form');
  await channel.locator('select[name="form[county]"]').selectOption('339903');
  await channel.locator('select[name="form[kind]"]').selectOption('wecom');
  await channel.locator('input[name="form[url]"]').fill('http://127.0.0.1:9/cgi-bin/webhook/send?key=t');
  await channel.locator('button[type=submit]').click();
  await expect(unreported.locator('[data-field=no-channel]')).toHaveCount(0);
  await expect(page.locator('.registered-counties tr[data-county="339903"] [data-field=channels]')).toHaveText('1');
  await page.locator('[data-action=remind-counties]').click();
  await expect(page.locator('[data-notice=reminded]')).toContainText('已通过通知渠道向 1 个未上报的县发送催报');
  await expect(unreported.locator('[data-field=reminded]')).toContainText('已催报 1 次');

  // Usable by everyone: the region's pages pass the WCAG 2 A/AA audit like every other page.
  for (const path of ['/region?period=2026-11', '/region/339902?period=2026-11', '/region/339903?period=2026-11']) {
    await page.goto(path);
    expect(await violations(page), path).toEqual([]);
  }
});

test('a county sets its code, exports its signed package and pushes it upstream', async ({ page }) => {
  await signIn(page, 'admin', '/admin');
  await hydrated(page);
  const panel = page.locator('[data-panel=package]');
  await panel.locator('input[name=code]').fill('339900');
  await panel.locator('[data-action=set-region-code]').click();
  await expect(panel.locator('[data-field=region-code]')).toHaveText('339900');
  await page.goto('/projects/reporting');
  const exportForm = page.locator('[data-panel=package] form[action="/package/export"]');
  await exportForm.locator('input[name=period]').fill('2026-11');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    exportForm.locator('button[type=submit]').click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/-339900-2026-11-上报包\.zip$/);

  // Where the networks allow it, the package is pushed instead. Here this instance is also the
  // city: it registers itself, issues the token, and the county's push is imported by it.
  await page.goto('/admin');
  const publicKey = (await panel.locator('[data-field=public-key]').textContent())?.trim() ?? '';
  await page.goto('/region');
  await hydrated(page);
  const register = page.locator('[data-panel=register] form.register-form');
  await register.locator('input[name=name]').fill('本县');
  await register.locator('input[name=code]').fill('339900');
  await register.locator('input[name=key]').fill(publicKey);
  await register.locator('[data-action=register-county]').click();
  // The token comes as a small file to hand over, the only place it ever appears.
  const row = page.locator('.registered-counties tr[data-county="339900"]');
  const [tokenFile] = await Promise.all([
    page.waitForEvent('download'),
    row.locator('[data-action=issue-token]').click(),
  ]);
  expect(tokenFile.suggestedFilename()).toBe('本县-339900-推送令牌.txt');
  const token = readFileSync(await tokenFile.path(), 'utf8')
    .split('\n')
    .find((line) => /^[A-Za-z0-9_-]{43}$/.test(line.trim()))
    ?.trim() ?? '';
  expect(token).not.toBe('');

  await page.goto('/admin');
  await hydrated(page);
  const settings = page.locator('[data-panel=package] form.push-settings');
  await settings.locator('input[name=url]').fill('https://');
  await settings.locator('button[type=submit]').click();
  await expect(settings.locator('input[name=url]')).toHaveAttribute('aria-invalid', 'true');
  await settings.locator('input[name=url]').fill(new URL(page.url()).origin);
  await settings.locator('input[name=token]').fill(token);
  await settings.locator('button[type=submit]').click();
  await expect(panel.locator('[data-field=push-url]')).toHaveText(`${new URL(page.url()).origin}/region/push`);

  await page.goto('/projects/reporting');
  await hydrated(page);
  const pushForm = page.locator('[data-panel=package] form.push-form');
  await pushForm.locator('input[name=period]').fill('2026-11');
  // With the month's evidence: the files the rounds test's unit sent with its accepted entries.
  await pushForm.locator('input[name=evidence]').check();
  await pushForm.locator('[data-action=push-package]').click();
  await expect(page.locator('[data-notice=pushed]')).toContainText('已导入本县2026年11月上报包');
  await page.goto('/region?period=2026-11');
  await expect(page.locator('.region-ranking tr[data-county="339900"]')).toContainText('本县');

  // The evidence came along and is kept upstream with the package, byte for byte.
  await page.goto('/region/339900?period=2026-11');
  const evidence = page.locator('[data-list=evidence] tbody tr');
  await expect(evidence.filter({ hasText: '验收材料.pdf' })).toHaveCount(1);
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    evidence.filter({ hasText: '验收材料.pdf' }).locator('a').click(),
  ]);
  expect(file.suggestedFilename()).toBe('验收材料.pdf');
  expect(readFileSync(await file.path()).subarray(0, 5).toString()).toBe('%PDF-');
});
