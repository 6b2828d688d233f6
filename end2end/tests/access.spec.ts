import { expect, Page, test, TestInfo } from '@playwright/test';
import { signIn, violations } from './helpers';

// Usable by everyone, on a desk and on a phone: an automated WCAG 2 A/AA audit (axe-core, from
// npm, injected into the page: no network) of every page as each role in both languages, the
// phone layout at 390 × 844 and 360 px inside 政务钉钉's browser, the desk at 1366 × 768, and the
// main flows by keyboard alone. Screenshots are kept in test-results/ as artefacts.
//
// Runs after the editing, reporting, rounds and work-report tests, so that rounds, submissions,
// activities and reports exist; it changes nothing but one milestone's progress (keyboard test).

/** 政务钉钉 on an Android phone: the in-app browser leadership opens Roadmap in. */
const DINGTALK_PHONE =
  'Mozilla/5.0 (Linux; Android 13; V2219A; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 ' +
  'Chrome/120.0.6099.193 Mobile Safari/537.36 AliApp(DingTalk/7.0.50) com.alibaba.android.rimet/38521185 ' +
  'Channel/227200 language/zh-Hans-CN 2ndType/exclusive UT4Aplus/0.2.25 colorScheme/light';

type Role = 'admin' | 'planner' | 'viewer' | 'liaison';

const READING = [
  '/', '/milestones', '/milestones/1', '/projects', '/projects/1', '/problems', '/rounds',
  '/activities', '/indicators', '/report', '/search?q=%E5%AE%8C%E6%88%90', '/baselines',
  '/notifications', '/account',
];
const PLANNING = [
  '/milestones/new', '/milestones/1/edit', '/projects/new', '/projects/1/edit',
  '/milestones/import', '/projects/import', '/activities/import', '/projects/reporting',
  '/milestones/bulk?id=1&id=2&phase=2',
];
const ADMIN = ['/admin', '/admin/users', '/admin/reference', '/admin/channels', '/admin/security'];

/** The pages a role works with: what it reads, and what it may change. */
function pagesOf(role: Role): string[] {
  switch (role) {
    case 'admin': return [...READING, ...PLANNING, ...ADMIN];
    case 'planner': return [...READING, ...PLANNING];
    case 'viewer': return READING;
    case 'liaison': return ['/my-reporting', ...READING];
  }
}

/** The newest round's page and its first unit's submission, which the rounds tests made. */
async function roundPages(page: Page): Promise<string[]> {
  await page.goto('/rounds');
  const rounds = page.locator('table a[href^="/rounds/"]');
  if ((await rounds.count()) === 0) return [];
  const round = (await rounds.first().getAttribute('href'))!;
  await page.goto(round);
  const units = page.locator('a[href*="/units/"]');
  return (await units.count()) > 0 ? [round, (await units.first().getAttribute('href'))!] : [round];
}

async function useLanguage(page: Page, lang: 'zh' | 'en') {
  if (lang === 'en') await page.goto('/lang/en?back=/account');
}

async function audit(page: Page, paths: string[]): Promise<string[]> {
  const found: string[] = [];
  for (const path of paths) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBeLessThan(500);
    for (const v of await violations(page)) found.push(`${path} ${v}`);
  }
  return found;
}

async function keep(page: Page, info: TestInfo, name: string, fullPage = false) {
  const path = info.outputPath(`${name}.png`);
  await page.screenshot({ path, fullPage });
  await info.attach(name, { path, contentType: 'image/png' });
}

test.describe('WCAG 2 A/AA on every page', () => {
  // The audits only read: two browsers at once halve the time.
  test.describe.configure({ mode: 'parallel' });
  // The CSP forbids inline scripts, which is how axe gets into the page under test.
  test.use({ bypassCSP: true });

  for (const lang of ['zh', 'en'] as const) {
    test(`signed out, ${lang}`, async ({ page }) => {
      await useLanguage(page, lang);
      expect(await audit(page, ['/login', '/login?error=invalid'])).toEqual([]);
    });
    for (const role of ['admin', 'planner', 'viewer', 'liaison'] as Role[]) {
      test(`${role}, ${lang}`, async ({ page }) => {
        test.setTimeout(240_000);
        await signIn(page, role);
        await useLanguage(page, lang);
        await expect(page.locator('html')).toHaveAttribute('lang', lang === 'zh' ? 'zh-CN' : 'en');
        const rounds = role === 'liaison' ? [] : await roundPages(page);
        expect(await audit(page, [...pagesOf(role), ...rounds])).toEqual([]);
      });
    }
  }
});

test.describe('leadership on a phone (390 × 844, 政务钉钉)', () => {
  test.use({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    userAgent: DINGTALK_PHONE,
    bypassCSP: true,
  });

  test('the first screen answers how the programme stands; filters are one tap away as chips', async ({ page }, info) => {
    await signIn(page, 'viewer');
    await page.goto('/');
    const screen = 844;
    // Overall progress against 序时进度, then done / overdue / 滞后, all on the first screen.
    for (const kpi of ['overall', 'done', 'overdue', 'red', 'yellow']) {
      const box = await page.locator(`[data-kpi="${kpi}"]`).boundingBox();
      expect(box, kpi).not.toBeNull();
      expect(box!.y + box!.height, `${kpi} is on the first screen`).toBeLessThanOrEqual(screen);
    }
    await expect(page.locator('[data-kpi="overall"] .kpi-note')).toContainText('序时进度');
    // 需关注 comes right after those tiles, before projects and investment.
    const attention = await page.locator('section.attention').boundingBox();
    const projects = await page.locator('[data-kpi="projects"]').boundingBox();
    expect(attention!.y).toBeLessThan(projects!.y);
    // The filters are folded behind one control; the navigation is one compact row.
    await expect(page.locator('.filter-details')).not.toHaveAttribute('open', /.*/);
    await expect(page.locator('.dashboard-filters select[name=phase]')).toBeHidden();
    const nav = await page.locator('.site-nav').boundingBox();
    expect(nav!.height).toBeLessThanOrEqual(50);
    expect(nav!.width).toBeLessThanOrEqual(390);
    await keep(page, info, 'dashboard-390x844');

    // Filtering: open the control, choose a phase, apply; the filter shows as a chip.
    await page.locator('.filter-toggle').tap();
    await page.locator('.dashboard-filters select[name=phase]').selectOption({ label: '两年搭架' });
    await page.locator('.dashboard-filters button[type=submit]').tap();
    await expect(page).toHaveURL(/phase=2/);
    const chip = page.locator('.filter-chip');
    await expect(chip).toHaveText(/阶段：两年搭架/);
    await expect(chip).toHaveAttribute('aria-label', '移除筛选：阶段：两年搭架');
    await keep(page, info, 'dashboard-filtered-390x844');
    // One tap on the chip removes it.
    await chip.tap();
    await expect(page).toHaveURL(/\/$/);
    await expect(page.locator('.filter-chip')).toHaveCount(0);

    // Charts scroll inside their panel; their data table is one tap away.
    const timeline = page.locator('section[data-chart="timeline"]');
    const panel = await timeline.boundingBox();
    expect(panel!.x + panel!.width).toBeLessThanOrEqual(390);
    await timeline.locator('.chart-data-link').tap();
    await expect(timeline.locator('table')).toBeVisible();

    // Tap targets: the navigation, buttons and the filter control are at least 44 px tall.
    for (const selector of ['.site-nav a', '.filter-toggle', '.user-menu a', '.lang-switch']) {
      for (const box of await page.locator(selector).evaluateAll((els) =>
        els.filter((e) => (e as HTMLElement).offsetParent !== null).map((e) => e.getBoundingClientRect().height))) {
        expect(box, selector).toBeGreaterThanOrEqual(44);
      }
    }
    expect(await violations(page)).toEqual([]);
  });

  test('no page scrolls sideways at 360 px', async ({ page }, info) => {
    test.setTimeout(180_000);
    await page.setViewportSize({ width: 360, height: 780 });
    await signIn(page, 'admin');
    const rounds = await roundPages(page);
    const wide: string[] = [];
    for (const path of [...pagesOf('admin'), ...rounds]) {
      await page.goto(path);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      if (width > 360) wide.push(`${path}: ${width} px`);
    }
    expect(wide).toEqual([]);
    // A list's exports are folded on a phone, whose first screen is the list; one tap opens them.
    await page.goto('/projects');
    const exports = page.locator('details.export-panel');
    await expect(exports).not.toHaveAttribute('open', /.*/);
    await expect(exports.locator('[data-testid=export-form] button[type=submit]').first()).toBeHidden();
    await exports.locator('summary').tap();
    await expect(exports.locator('[data-testid=export-form] button[type=submit]').first()).toBeVisible();
    for (const path of ['/milestones', '/projects', '/milestones/1']) {
      await page.goto(path);
      await keep(page, info, `${path.replace(/\W+/g, '-').replace(/^-|-$/g, '') || 'home'}-360`);
    }
    expect(await violations(page)).toEqual([]);
  });
});

test.describe('a desk at 1366 × 768', () => {
  test.use({ viewport: { width: 1366, height: 768 } });

  test('charts use their panel, and the registry keeps its key columns in view', async ({ page }, info) => {
    await signIn(page, 'viewer');
    await page.goto('/');
    const timeline = page.locator('section[data-chart="timeline"]');
    const panel = (await timeline.boundingBox())!;
    const drawing = (await timeline.locator('svg').first().boundingBox())!;
    expect(drawing.width / panel.width).toBeGreaterThan(0.9);
    await timeline.scrollIntoViewIfNeeded();
    await keep(page, info, 'dashboard-1366x768');

    await page.goto('/projects');
    const scroller = page.locator('.table-scroll');
    await scroller.evaluate((e) => { e.scrollLeft = e.scrollWidth; });
    // Scrolled to its last column, the table still shows each project's code and name.
    const box = (await scroller.boundingBox())!;
    const name = (await page.locator('.project-table tbody tr[data-id] td.title').first().boundingBox())!;
    expect(name.x).toBeGreaterThanOrEqual(box.x - 1);
    expect(name.x + name.width).toBeLessThanOrEqual(box.x + box.width);
    const last = (await page.locator('.project-table thead th').last().boundingBox())!;
    expect(last.x + last.width).toBeLessThanOrEqual(box.x + box.width + 1);
    await keep(page, info, 'projects-1366x768');
  });
});

/** Presses Tab until `selector` has the focus; fails after `max` presses. */
async function tabTo(page: Page, selector: string, max = 80) {
  const target = page.locator(selector).first();
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((e) => e === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${selector}`);
}

test.describe('by keyboard alone', () => {
  test('sign in, skip to the content, filter the list and export it', async ({ page }) => {
    await page.goto('/login?next=%2Fmilestones');
    // The name field has the focus on arrival.
    await page.keyboard.type('planner');
    await page.keyboard.press('Tab');
    await page.keyboard.type('roadmap-planner');
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/\/milestones/);
    await expect(page.locator('.user-menu')).toBeVisible();

    // The first Tab stop is the skip link, which takes the focus past the navigation.
    await page.keyboard.press('Tab');
    await expect(page.locator('.skip-link')).toBeFocused();
    await expect(page.locator('.skip-link')).toBeVisible();
    await page.keyboard.press('Enter');
    await expect(page.locator('main#main')).toBeFocused();

    // Filter: Tab to the phase, choose with the arrow key; the list follows at once.
    await tabTo(page, '.filter-bar select[name=phase]');
    const outline = await page.locator('.filter-bar select[name=phase]').evaluate((e) => getComputedStyle(e).outlineStyle);
    expect(outline).not.toBe('none');
    await page.keyboard.press('ArrowDown');
    await expect(page).toHaveURL(/phase=\d/);
    const count = Number(await page.locator('.result-count').getAttribute('data-count'));
    expect(count).toBeGreaterThan(0);
    expect(count).toBeLessThan(42);

    // Export the list just filtered.
    await tabTo(page, '[data-testid=plan-export-form] button[type=submit]', 120);
    const download = page.waitForEvent('download');
    await page.keyboard.press('Enter');
    expect((await download).suggestedFilename()).toMatch(/\.(xlsx|csv)$/);
  });

  test('record progress on a milestone', async ({ page }) => {
    await signIn(page, 'planner', '/milestones?status=red');
    const milestone = await page.locator('.milestone-table td.title a').first().getAttribute('href');
    await page.goto(milestone!);
    const before = parseInt((await page.locator('.progress-text').first().textContent())!, 10);
    const after = String(Math.min(before + 7, 99));
    await tabTo(page, 'details.record-progress summary', 120);
    await page.keyboard.press('Enter');
    await tabTo(page, 'form.progress-form input[name="form[percent]"]');
    await page.keyboard.press('Control+A');
    await page.keyboard.type(after);
    await tabTo(page, 'form.progress-form textarea[name="form[note]"]');
    await page.keyboard.type('键盘填报：完成联调');
    await tabTo(page, 'form.progress-form button[type=submit]');
    await page.keyboard.press('Enter');
    await expect(page.locator('.progress-text').first()).toHaveText(`${after}%`);
  });
});
