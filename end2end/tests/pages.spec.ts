import { test, expect } from '@playwright/test';
import { hydrated, signIn } from './helpers';

// Figures of the sample programme on the fixed day 2026-11-24 (ROADMAP_TODAY in scripts/test.sh).
// These tests only read, as leadership does; they run before the editing tests change data.

test.beforeEach(async ({ page }) => {
  await signIn(page, 'viewer');
});

test('overview shows the programme figures from the sample data', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveTitle(/总览/);
  await expect(page.locator('.sample-banner')).toContainText('示例数据');
  await expect(page.locator('.as-of')).toHaveText('截至 2026年11月24日');
  await expect(page.locator('[data-kpi=overall] .kpi-value')).toHaveText('82.0%');
  await expect(page.locator('[data-kpi=overall] .kpi-note')).toHaveText('序时进度 85.1%');
  await expect(page.locator('[data-kpi=done] .kpi-value')).toHaveText('28 / 42');
  await expect(page.locator('[data-kpi=overdue] .kpi-value')).toHaveText('2');
  await expect(page.locator('[data-kpi=red] .kpi-value')).toHaveText('4');
  await expect(page.locator('[data-kpi=yellow] .kpi-value')).toHaveText('4');
  await expect(page.locator('[data-kpi=projects] .kpi-value')).toHaveText('15');
  await expect(page.locator('[data-kpi=investment] .kpi-value')).toHaveText('34,134.40');
  await expect(page.locator('[data-kpi=completed-investment] .kpi-value')).toHaveText('22,985.36');
  await expect(page.locator('[data-list=behind] li')).toHaveCount(8);
  await expect(page.locator('[data-list=behind]')).toContainText('公共数据授权运营试点');
  await expect(page.locator('[data-list=behind] .status-reason').first()).toContainText(/逾期|滞后 \d+ 个百分点/);
  await expect(page.locator('.work-summary textarea')).toHaveValue(/已完成 28 项，总体进度 82\.0%（序时进度 85\.1%）/);
  const pillars = page.locator('[data-group=pillar] tbody tr');
  await expect(pillars).toHaveCount(5);
  await expect(pillars.first()).toContainText('一朵云');
  await hydrated(page);
  await page.screenshot({ path: 'test-results/overview-1366.png', fullPage: true });
});

test('milestone status links work as plain links and show reasons', async ({ page }) => {
  await page.goto('/milestones?status=red');
  const rows = page.locator('.milestone-table tbody tr');
  await expect(rows).toHaveCount(4);
  for (const row of await rows.all()) {
    await expect(row.locator('.status-chip')).toHaveText('严重滞后');
    await expect(row.locator('.status-reason')).toHaveText(/逾期|滞后 \d+ 个百分点/);
  }
  await expect(page.locator('.milestone-table')).toContainText('公共数据授权运营试点');
  await expect(page.locator('.milestone-table')).toContainText('进度 20%，序时进度 65%，滞后 45 个百分点');
});

test('choosing a filter applies it at once and keeps it in the URL', async ({ page }) => {
  await page.goto('/milestones');
  await hydrated(page);
  await expect(page.locator('.milestone-table tbody tr')).toHaveCount(42);
  await page.locator('select[name=pillar]').selectOption({ label: '一城墙' });
  await expect(page).toHaveURL(/\/milestones\?pillar=\d+$/);
  const rows = page.locator('.milestone-table tbody tr');
  await expect(rows).toHaveCount(5);
  for (const row of await rows.all()) {
    await expect(row.locator('td').nth(2)).toHaveText('一城墙');
  }
  await page.locator('.status-links a', { hasText: '已完成' }).click();
  await expect(page).toHaveURL(/pillar=\d+&status=done/);
  await expect(rows).toHaveCount(4);
  await expect(page.locator('select[name=pillar] option:checked')).toHaveText('一城墙');
  await page.screenshot({ path: 'test-results/milestones-filtered.png', fullPage: true });
});

test('filters work as a plain form before scripts load', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await signIn(page, 'viewer');
  await page.goto('/milestones');
  await page.locator('select[name=phase]').selectOption({ label: '一年起势' });
  await page.locator('form.filter-bar[action="/milestones"] button[type=submit]').click();
  await expect(page).toHaveURL(/phase=\d+/);
  await expect(page.locator('.milestone-table tbody tr')).toHaveCount(9);
  await expect(page.locator('.milestone-table')).toContainText('开展数字化转型理论学习专题培训');
  await context.close();
});

test('project registry lists both kinds with exact totals', async ({ page }) => {
  await page.goto('/projects');
  await expect(page.locator('.project-table tbody tr[data-id]')).toHaveCount(15);
  await expect(page.locator('[data-total=investment]')).toHaveText('34,134.40');
  await expect(page.locator('.project-table')).toContainText('2023-339901-65-01-00031X');
  await hydrated(page);
  await page.locator('.status-links a', { hasText: '重大项目' }).click();
  await expect(page).toHaveURL(/kind=major/);
  await expect(page.locator('.project-table tbody tr[data-id]')).toHaveCount(8);
  await expect(page.locator('[data-total=investment]')).toHaveText('32,470.50');
  await page.screenshot({ path: 'test-results/projects.png', fullPage: true });
});

test('the interface switches to English and back', async ({ page }) => {
  await page.goto('/milestones?status=yellow');
  await page.locator('.lang-switch').click();
  await expect(page).toHaveURL(/\/milestones\?status=yellow$/);
  await expect(page.locator('h1')).toHaveText('Milestones');
  await expect(page.locator('.status-chip').first()).toHaveText('Behind');
  await page.locator('.lang-switch').click();
  await expect(page.locator('h1')).toHaveText('里程碑');
});

test('an unknown page answers 404 in Chinese', async ({ page }) => {
  const response = await page.goto('/no-such-page');
  expect(response?.status()).toBe(404);
  await expect(page.locator('h1')).toHaveText('页面不存在');
});

test('the layout fits a phone screen', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await signIn(page, 'viewer');
  await page.goto('/');
  await expect(page.locator('[data-kpi=overall] .kpi-value')).toHaveText('82.0%');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.screenshot({ path: 'test-results/overview-phone.png', fullPage: true });
  await context.close();
});

test('dashboard filters change every chart and are kept in the URL', async ({ page }) => {
  await page.goto('/');
  await hydrated(page);
  const charts = page.locator('section.chart');
  await expect(charts).toHaveCount(6);
  const before = await charts.evaluateAll((els) => els.map((e) => e.querySelector('.chart-svg')!.innerHTML));
  await expect(page.locator('[data-chart=matrix] .chart-svg')).toContainText('一城墙');
  await page.screenshot({ path: 'test-results/dashboard-1366.png', fullPage: true });

  await page.locator('.dashboard-filters select[name=pillar]').selectOption({ label: '一张网' });
  await page.locator('.dashboard-filters select[name=phase]').selectOption({ label: '三年突破' });
  await page.locator('.dashboard-filters button[type=submit]').click();
  await expect(page).toHaveURL(/phase=\d+&pillar=\d+/);
  await expect(page.locator('[data-chart=matrix] .chart-svg')).not.toContainText('一城墙');
  const after = await charts.evaluateAll((els) => els.map((e) => e.querySelector('.chart-svg')!.innerHTML));
  for (let i = 0; i < 6; i++) expect(after[i]).not.toEqual(before[i]);
  await expect(page.locator('[data-chart=progress] .chart-svg')).toContainText('一张网');

  // The bookmark opens the same view, and a matrix cell leads to its milestones.
  await page.reload();
  await expect(page.locator('.dashboard-filters select[name=pillar] option:checked')).toHaveText('一张网');
  const href = await page.locator('[data-chart=matrix] svg a').first().getAttribute('href');
  expect(href).toMatch(/\/milestones\?phase=\d+&pillar=\d+/);

  // The data behind each chart is there as a table too, and the SVG downloads.
  await page.locator('[data-chart=status] details summary').click();
  await expect(page.locator('[data-chart=status] details table tbody tr')).toHaveCount(1);
  const download = await page.request.get((await page.locator('[data-chart=progress] .chart-download').getAttribute('href'))!);
  expect(download.headers()['content-type']).toContain('image/svg+xml');
  expect(await download.text()).toContain('一张网');

  await page.emulateMedia({ media: 'print' });
  await page.screenshot({ path: 'test-results/dashboard-print.png', fullPage: true });
});

test('a leader looks back to a past day and splits investment by funding source', async ({ page }) => {
  await page.goto('/');
  await hydrated(page);
  await expect(page.locator('[data-kpi=overall] .kpi-value')).toHaveText('82.0%');
  await expect(page.locator('.as-of-notice')).toHaveCount(0);

  await page.locator('.dashboard-filters input[name=as_of]').fill('2025-06-30');
  await page.locator('.dashboard-filters select[name=invest]').selectOption('source');
  await page.locator('.dashboard-filters button[type=submit]').click();
  await expect(page).toHaveURL(/as_of=2025-06-30/);
  await expect(page).toHaveURL(/invest=source/);
  await expect(page.locator('.as-of')).toHaveText('截至 2025年6月30日');
  await expect(page.locator('.as-of-notice')).toContainText('历史回看');
  const then = parseFloat((await page.locator('[data-kpi=overall] .kpi-value').textContent())!);
  expect(then).toBeLessThan(82.0);
  expect(then).toBeGreaterThan(0);

  // The burn-up's actual line stops at the day looked back to.
  await page.locator('[data-chart=burnup] details summary').click();
  const actual = await page.locator('[data-chart=burnup] tbody tr').evaluateAll((rows) =>
    rows.filter((r) => r.children[1].textContent !== '').map((r) => r.children[0].textContent));
  expect(actual[actual.length - 1]).toBe('2025年6月30日');

  const investment = page.locator('[data-chart=investment]');
  await expect(investment.locator('h2')).toContainText('按资金来源');
  await expect(investment.locator('.chart-svg')).toContainText('省');
  await expect(investment.locator('.chart-svg')).not.toContainText('一张网');
  await page.screenshot({ path: 'test-results/dashboard-as-of-1366.png', fullPage: true });

  // The bookmark keeps the day; "back to today" drops only the day.
  await page.reload();
  await expect(page.locator('.dashboard-filters input[name=as_of]')).toHaveValue('2025-06-30');
  await page.locator('.as-of-notice a').click();
  await expect(page).not.toHaveURL(/as_of=/);
  await expect(page).toHaveURL(/invest=source/);
  await expect(page.locator('[data-kpi=overall] .kpi-value')).toHaveText('82.0%');
});

test('list columns sort both ways and the pager says where the page sits', async ({ page, browser }) => {
  // Without scripts: the headings and the pager are plain links.
  const context = await browser.newContext({ javaScriptEnabled: false });
  const plain = await context.newPage();
  await signIn(plain, 'viewer', '/milestones');
  await expect(plain.locator('.pager')).toContainText('第 1–42 条，共 42 条');
  await plain.locator('th a[data-sort=progress]').click();
  await expect(plain).toHaveURL(/\/milestones\?sort=progress$/);
  await expect(plain.locator('th[aria-sort=ascending] a[data-sort=progress]')).toBeVisible();
  const percents = async (p: typeof plain) =>
    (await p.locator('.milestone-table tbody .progress-text').allTextContents()).map((t) => parseInt(t, 10));
  const ascending = await percents(plain);
  expect(ascending).toHaveLength(42);
  expect(ascending).toEqual([...ascending].sort((a, b) => a - b));
  await plain.locator('th a[data-sort=progress]').click();
  await expect(plain).toHaveURL(/sort=progress&desc=true/);
  expect(await percents(plain)).toEqual([...ascending].sort((a, b) => b - a));
  // A page past the end shows the last page rather than nothing.
  await plain.goto('/milestones?page=9');
  await expect(plain.locator('.milestone-table tbody tr')).toHaveCount(42);
  await context.close();

  // The sort links keep the filters in the URL.
  await page.goto('/projects?kind=major');
  await page.locator('th a[data-sort=investment]').click();
  await expect(page).toHaveURL(/\/projects\?kind=major&sort=investment$/);
  await page.locator('th a[data-sort=investment]').click();
  await expect(page).toHaveURL(/kind=major&sort=investment&desc=true/);
  await expect(page.locator('th[aria-sort=descending] a[data-sort=investment]')).toBeVisible();
  const amounts = (await page.locator('.project-table tbody tr[data-id] td.money').allTextContents())
    .filter((_, i) => i % 2 === 0)
    .map((t) => Number(t.replace(/,/g, '')));
  expect(amounts.length).toBeGreaterThan(1);
  expect(amounts).toEqual([...amounts].sort((a, b) => b - a));
  await expect(page.locator('.pager')).toContainText(/共 \d+ 条/);
});

test('the problems list gathers every problem, shows the overdue one and sorts by due date', async ({ page }) => {
  await page.goto('/problems');
  const rows = page.locator('.problem-table tbody tr');
  await expect(rows).toHaveCount(4);
  await expect(page.locator('.pager')).toContainText('第 1–4 条，共 4 条');
  // Newest first, each row linked to the milestone or project it was raised on.
  await expect(rows.first()).toContainText('4 项事项需省级社保系统改造配合');
  await expect(rows.nth(1).locator('td.title')).toContainText('项目');

  await hydrated(page);
  await page.locator('.filter-bar input[name=overdue]').check();
  await expect(page).toHaveURL(/\/problems\?overdue=true$/);
  await expect(rows).toHaveCount(1);
  await expect(rows.first().locator('.status-chip')).toHaveText('已逾期');

  await page.goto('/problems?sort=due');
  await expect(page.locator('th[aria-sort=ascending] a[data-sort=due]')).toBeVisible();
  await expect(rows.first()).toContainText('4 项事项需省级社保系统改造配合');
  // The one without a due date comes last.
  await expect(rows.last()).toContainText('年度资金调整');
  await expect(rows.last().locator('.problem-answer')).toBeVisible();
  await page.screenshot({ path: 'test-results/problems.png', fullPage: true });
  await rows.first().locator('td.title a').click();
  await expect(page).toHaveURL(/\/milestones\/\d+$/);
  await expect(page.locator('.problem-list')).toContainText('4 项事项需省级社保系统改造配合');
});

test('pages run under the content security policy without a violation', async ({ page }) => {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to (execute|load|apply)/i.test(message.text())) {
      violations.push(message.text());
    }
  });
  await page.exposeFunction('reportViolation', (text: string) => violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      (window as unknown as { reportViolation: (t: string) => void }).reportViolation(
        `${e.violatedDirective} ${e.blockedURI}`,
      ),
    );
  });
  for (const path of ['/', '/milestones', '/projects', '/problems', '/indicators']) {
    const response = await page.goto(path);
    const policy = response?.headers()['content-security-policy'] ?? '';
    expect(policy).toMatch(/script-src 'self' 'nonce-[^']+' 'wasm-unsafe-eval'/);
    // The bundle (wasm included) loads and runs under the policy.
    await hydrated(page);
  }
  expect(violations).toEqual([]);
});

test('two characters in the header search find a milestone, and the result opens it', async ({ page }) => {
  await page.goto('/');
  const box = page.locator('.site-search input[name=q]');
  await box.fill('外网');
  await box.press('Enter');
  await expect(page).toHaveURL(/\/search\?q=%E5%A4%96%E7%BD%91$/);
  const milestones = page.locator('.search-group[data-kind=milestone]');
  await expect(milestones.locator('.search-hit').first()).toBeVisible();
  await expect(milestones.locator('.search-title mark').first()).toHaveText('外网');
  await expect(page.locator('.search-group[data-kind=project]')).toContainText('电子政务外网提升改造工程');

  // Narrowed to projects, then back to milestones and opened.
  await page.locator('.search-form select[name=kind]').selectOption('project');
  await page.locator('.search-form button[type=submit]').click();
  await expect(page).toHaveURL(/kind=project/);
  await expect(page.locator('.search-group')).toHaveCount(1);
  await page.goto('/search?q=%E5%A4%96%E7%BD%91&kind=milestone');
  const first = page.locator('.search-title').first();
  const title = (await first.textContent()) ?? '';
  const [code, ...words] = title.split(' ');
  await first.click();
  await expect(page).toHaveURL(/\/milestones\/\d+$/);
  await expect(page.locator('h1')).toContainText(words.join(' '));
  await expect(page.locator('.milestone-code').first()).toHaveText(code);

  // One character is not a search.
  await page.goto('/search?q=%E7%BD%91');
  await expect(page.locator('.form-error')).toContainText('至少输入 2 个字');
});
