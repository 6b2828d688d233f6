import { test, expect, Page } from '@playwright/test';
import * as fs from 'fs';
import { hydrated, signIn } from './helpers';

// Reporting staff: export the registry in the provincial template, import a list back with a
// dry run first, lock a reporting period and record a report upward. Runs after the editing tests.

const shots = process.env.ROADMAP_SHOTS;

async function shot(page: Page, name: string) {
  if (shots) await page.screenshot({ path: `${shots}/${name}.png`, fullPage: true });
}

const HEADER = '项目名称,建设单位,建设性质,所属支柱（五个一）,建设起止年限,总投资（万元）,资金来源（县）,形象进度';

/** Uploads a CSV on the import page as a person would; leaves the browser on the preview. */
async function upload(page: Page, name: string, lines: string[]) {
  await page.goto('/projects/import');
  const csv = [HEADER, ...lines].join('\n');
  await page.locator('input[type=file]').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.locator('select[name=kind]').selectOption('information');
  await page.locator('.import-form button[type=submit]').click();
  await expect(page).toHaveURL(/\/projects\/import\/[0-9a-f]+\?kind=information/);
}

function csvRows(text: string): string[][] {
  // The export quotes only fields with commas, quotes or line breaks; the sample has none.
  return text
    .replace(/^\uFEFF/, '')
    .trim()
    .split(/\r?\n/)
    .map((line) => line.split(','));
}

test('the registry exports what its filters show, as XLSX and as CSV', async ({ page }) => {
  await signIn(page, 'planner', '/projects');
  await page.goto('/projects');
  await hydrated(page);
  const filters = page.locator('form.project-filters');
  await filters.locator('select[name=pillar]').selectOption({ label: '一平台' });
  await filters.locator('button[type=submit]').click();
  await expect(page).toHaveURL(/pillar=\d+/);
  const count = Number(await page.locator('.result-count').getAttribute('data-count'));
  expect(count).toBeGreaterThan(0);
  await shot(page, 'projects-export');

  const form = page.locator('[data-testid=export-form]');
  const [xlsx] = await Promise.all([
    page.waitForEvent('download'),
    form.locator('button[formmethod=get]').click(),
  ]);
  expect(xlsx.suggestedFilename()).toMatch(/进展情况表\.xlsx$/);
  const xlsxBytes = fs.readFileSync(await xlsx.path());
  expect(xlsxBytes.subarray(0, 2).toString()).toBe('PK');

  await form.locator('select[name=format]').selectOption('csv');
  const [csv] = await Promise.all([
    page.waitForEvent('download'),
    form.locator('button[formmethod=get]').click(),
  ]);
  const text = fs.readFileSync(await csv.path(), 'utf8');
  expect(text.startsWith('\uFEFF'), 'UTF-8 with BOM, so Excel reads Chinese').toBe(true);
  const rows = csvRows(text);
  expect(rows[0].slice(0, 4)).toEqual(['序号', '项目代码', '项目名称', '建设单位']);
  expect(rows.length - 1).toBe(count);
  for (const row of rows.slice(1)) expect(row[6]).toBe('一平台');
});

test('an import shows every problem first, writes nothing, and a valid file goes in after confirming', async ({ page }) => {
  await signIn(page, 'planner', '/projects');
  await upload(page, '有问题的清单.csv', [
    '村级视频会商系统,县农业农村局,新建,一张网,2026-2027,abc,12,',
    '应急广播平台,不存在的局,新建,一张网,2026-2027,30,30,',
    '镇级数据驾驶舱,县农业农村局,新建,一张网,2026-2027,50,40,',
  ]);
  const problems = page.locator('.problem-table tbody tr');
  await expect(problems).toHaveCount(3);
  await expect(problems.nth(0)).toContainText('2');
  await expect(problems.nth(0)).toContainText('总投资');
  await expect(problems.nth(1)).toContainText('不存在的局');
  await expect(problems.nth(2)).toContainText('与总投资');
  await expect(page.locator('.confirm-import')).toHaveCount(0);
  await shot(page, 'import-problems');

  await upload(page, '清单.csv', ['村级视频会商系统,县农业农村局,新建,一张网,2026-2027,120.50,120.50,招标中']);
  await expect(page.locator('[data-count=creates] strong')).toHaveText('1');
  await expect(page.locator('[data-count=problems] strong')).toHaveText('0');
  await hydrated(page);
  await shot(page, 'import-preview');
  await page.locator('.confirm-import button[type=submit]').click();
  await expect(page.locator('.import-done')).toContainText('1');

  await page.goto('/projects?kind=information');
  await expect(page.locator('.project-table')).toContainText('村级视频会商系统');
});

/** A CSV line split into fields, honouring quotes (the plan's texts may hold commas). */
function csvFields(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted && c === '"' && line[i + 1] === '"') { field += '"'; i++; }
    else if (c === '"') quoted = !quoted;
    else if (c === ',' && !quoted) { fields.push(field); field = ''; }
    else field += c;
  }
  fields.push(field);
  return fields;
}

test('a planner exports the plan, imports it with an error, fixes it and confirms', async ({ page }) => {
  await signIn(page, 'planner', '/milestones');
  await page.goto('/milestones');
  await hydrated(page);
  await page.locator('form.filter-bar select[name=pillar]').selectOption({ label: '一张网' });
  await expect(page).toHaveURL(/pillar=\d+/);
  const count = Number(await page.locator('.result-count').getAttribute('data-count'));
  expect(count).toBeGreaterThan(0);

  const form = page.locator('[data-testid=plan-export-form]');
  await form.locator('select[name=format]').selectOption('csv');
  const [download] = await Promise.all([page.waitForEvent('download'), form.locator('button[type=submit]').click()]);
  expect(download.suggestedFilename()).toMatch(/^里程碑计划表.*\.csv$/);
  const lines = fs.readFileSync(await download.path(), 'utf8').replace(/^\uFEFF/, '').trim().split(/\r?\n/);
  const header = csvFields(lines[0]);
  expect(header.slice(0, 6)).toEqual(['编码', '阶段', '支柱', '领域', '责任单位', '里程碑名称']);
  expect(lines.length - 1).toBe(count);
  const first = csvFields(lines[1]);
  expect(first[2]).toBe('一张网');
  const [code, title] = [first[0], first[5]];
  expect(code).toMatch(/^YW-\d{4}-\d{3}$/);

  // A plain table of three columns, with a weight that is not a number.
  const upload = async (weight: string) => {
    await page.goto('/milestones/import');
    const csv = `编码,里程碑名称,权重\n${code},${title},${weight}\n`;
    await page.locator('input[type=file]').setInputFiles({ name: '调整权重.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.locator('.import-form button[type=submit]').click();
    await expect(page).toHaveURL(/\/milestones\/import\/[0-9a-f]+$/);
  };
  await upload('很重');
  const problems = page.locator('.problem-table tbody tr');
  await expect(problems).toHaveCount(1);
  await expect(problems.first()).toContainText('权重');
  await expect(page.locator('.confirm-import')).toHaveCount(0);
  await shot(page, 'plan-import-problems');

  await upload('3');
  await expect(page.locator('[data-count=updates] strong')).toHaveText('1');
  await expect(page.locator('[data-count=problems] strong')).toHaveText('0');
  await expect(page.locator('.preview-table')).toContainText(code);
  await hydrated(page);
  await shot(page, 'plan-import-preview');
  await page.locator('.confirm-import button[type=submit]').click();
  await expect(page.locator('.import-done')).toContainText('1');

  // The same file again changes nothing.
  await upload('3');
  await expect(page.locator('[data-count=unchanged] strong')).toHaveText('1');
  await expect(page.locator('.confirm-import')).toHaveCount(0);
});

test('a planner approves a baseline, moves a milestone and sees its slip', async ({ page }) => {
  await signIn(page, 'planner', '/baselines');
  await page.goto('/baselines');
  await hydrated(page);
  await expect(page.locator('.empty')).toContainText('尚未批准任何计划基线');
  await page.locator('.approve-baseline input[name=name]').fill('2026年度计划');
  await page.locator('[data-action=approve-baseline]').click();
  await expect(page).toHaveURL(/\/baselines\?baseline=\d+$/);
  await expect(page.locator('select[name=baseline] option:checked')).toHaveText('2026年度计划');
  await expect(page.locator('[data-list=moved] h2')).toContainText('0');

  // The plan moves: a milestone not yet due ends 15 days later.
  await page.goto('/milestones?status=green');
  const link = page.locator('.milestone-table td.title a').first();
  const title = (await link.textContent()) ?? '';
  await link.click();
  await expect(page).toHaveURL(/\/milestones\/\d+$/);
  const url = page.url();
  await page.goto(url + '/edit');
  await hydrated(page);
  const due = page.locator('input[name="form[due_date]"]');
  const later = new Date(Date.parse((await due.inputValue()) + 'T00:00:00Z') + 15 * 86400000).toISOString().slice(0, 10);
  await due.fill(later);
  await page.locator('.milestone-form .form-buttons button[type=submit]').click();
  await expect(page).toHaveURL(url);
  await expect(page.locator('dd.slip')).toHaveAttribute('data-days', '15');
  await expect(page.locator('dd.slip')).toContainText('推迟 15 天');
  await shot(page, 'milestone-slip');

  await page.goto('/baselines');
  const moved = page.locator('[data-list=moved] li').first();
  await expect(moved).toContainText(title);
  await expect(moved.locator('.slip')).toHaveText(' 推迟 15 天');
  await shot(page, 'baselines');
});

test('a person shows the weight column, saves the list as their default view and opens it from the navigation', async ({ page }) => {
  await signIn(page, 'viewer', '/milestones');
  await page.goto('/milestones?sort=due&desc=true');
  await hydrated(page);
  await expect(page.locator('.milestone-table th').filter({ hasText: '权重' })).toHaveCount(0);
  await page.locator('.column-chooser summary').click();
  await page.locator('a.column-toggle[data-column=weight]').click();
  await expect(page).toHaveURL(/cols=[a-z.]*weight/);
  await expect(page.locator('.milestone-table th').filter({ hasText: '权重' })).toHaveCount(1);
  await expect(page.locator('.milestone-table td.weight').first()).toHaveText(/^\d+$/);
  const listUrl = page.url();

  await page.locator('.views-manage summary').click();
  await page.locator('.save-view input[name="form[name]"]').fill('按权重');
  await page.locator('.save-view input[name="form[make_default]"]').check();
  await page.locator('[data-action=save-view]').click();
  await expect(page.locator('.view-link.current')).toContainText('按权重');
  await expect(page.locator('.view-link.current .view-default')).toBeVisible();
  await shot(page, 'milestones-views');

  // The navigation's 里程碑 now opens the view: its columns and its sort.
  await page.goto('/');
  await hydrated(page);
  await page.locator('.site-nav a', { hasText: '里程碑' }).click();
  await expect(page).toHaveURL(/\/milestones\?.*cols=[a-z.]*weight.*sort=due&desc=true/);
  expect(new URL(page.url()).search).toBe(new URL(listUrl).search);

  // Deleted, the navigation opens the whole list again.
  await page.locator('.views-manage summary').click();
  await page.locator('.views-table button', { hasText: '删除' }).click();
  await expect(page.locator('.views-bar')).toContainText('还没有保存的视图');
  await page.goto('/');
  await expect(page.locator('.site-nav a', { hasText: '里程碑' })).toHaveAttribute('href', '/milestones');
});

test('a planner changes two milestones at once, and a save by someone else after the preview stops it', async ({ page, context }) => {
  await signIn(page, 'planner', '/milestones');
  // The soonest due of those on track: a week later is still within the roadmap.
  await page.goto('/milestones?status=green&sort=due');
  await hydrated(page);
  const rows = page.locator('.milestone-table tbody tr');
  const ids = [await rows.nth(0).getAttribute('data-id'), await rows.nth(1).getAttribute('data-id')];
  for (const id of ids) {
    await page.locator(`input[form=bulk-select][value="${id}"]`).check();
  }
  await page.locator('[data-action=bulk-select]').click();
  await expect(page).toHaveURL(/\/milestones\/bulk\?/);
  await expect(page.locator('.bulk-change')).toContainText('已选 2 个里程碑');
  await page.locator('.bulk-change input[name=shift_days]').fill('7');
  await page.locator('.bulk-change input[name=weight]').fill('9');
  await page.locator('[data-action=bulk-preview]').click();
  await expect(page).toHaveURL(/shift_days=7/);
  await hydrated(page);
  const previewRows = page.locator('.bulk-preview tbody tr');
  await expect(previewRows).toHaveCount(2);
  await expect(previewRows.first().locator('[data-field=due_date]')).toBeVisible();
  await shot(page, 'bulk-preview');

  // Someone saves the first milestone meanwhile: confirming changes nothing and says who moved.
  const other = await context.newPage();
  await other.goto(`/milestones/${ids[0]}/edit`);
  await hydrated(other);
  const title = other.locator('input[name="form[title]"]');
  await title.fill((await title.inputValue()) + '（调整）');
  await other.locator('.milestone-form .form-buttons button[type=submit]').click();
  await expect(other).toHaveURL(new RegExp(`/milestones/${ids[0]}$`));
  await other.close();
  await page.locator('[data-action=bulk-confirm]').click();
  await expect(page.locator('.form-error')).toContainText('预览之后，其他人修改了');
  await expect(page.locator('.form-error')).toContainText('（调整）');

  // Previewed again, it goes through: back to the list, saying so.
  await page.reload();
  await hydrated(page);
  await page.locator('[data-action=bulk-confirm]').click();
  await expect(page).toHaveURL(/\/milestones\?.*changed=2/);
  await expect(page.locator('.bulk-done')).toContainText('已批量修改 2 个里程碑');
  for (const id of ids) {
    await page.goto(`/milestones/${id}/edit`);
    await expect(page.locator('input[name="form[weight]"]')).toHaveValue('9');
  }
});

test('a locked period keeps its baseline and a recorded export shows in the registry', async ({ page }) => {
  await signIn(page, 'planner', '/projects/reporting');
  await page.goto('/projects/reporting');
  await hydrated(page);
  await page.locator('.lock-form input[name=period]').fill('2026-10');
  await page.locator('.lock-form button[type=submit]').click();
  const row = page.locator('.period-table tr[data-period="2026-10"]');
  await expect(row).toBeVisible();
  const baselineCount = Number(await row.locator('td.num').textContent());
  expect(baselineCount).toBeGreaterThan(10);

  await page.goto('/projects');
  await hydrated(page);
  const form = page.locator('[data-testid=export-form]');
  await form.locator('input[name=batch]').fill('2026年11月第1批');
  const [report] = await Promise.all([
    page.waitForEvent('download'),
    form.locator('button[formmethod=post]').click(),
  ]);
  expect(report.suggestedFilename()).toMatch(/\.xlsx$/);
  await page.goto('/projects');
  await expect(page.locator('.last-reported').first()).toContainText('2026年11月第1批');

  // A later change moves the current figures, never the baseline.
  await upload(page, '调增.csv', ['村级视频会商系统,县农业农村局,新建,一张网,2026-2027,150,150,已开工']);
  await expect(page.locator('[data-count=updates] strong')).toHaveText('1');
  await hydrated(page);
  await page.locator('.confirm-import button[type=submit]').click();
  await expect(page.locator('.import-done')).toBeVisible();

  await page.goto('/projects/reporting?compare=2026-10');
  await expect(page.locator('.batch-table')).toContainText('2026年11月第1批');
  const drift = page.locator('.drift-table tbody tr', { hasText: '村级视频会商系统' });
  await expect(drift.locator('td.money').nth(0)).toHaveText('120.50');
  await expect(drift.locator('td.money').nth(1)).toHaveText('150.00');
  await expect(drift.locator('td.drift').nth(0)).toHaveText('+29.50');
  await shot(page, 'reporting');
});

test('with the English switch on, validation, import problems and error pages are English', async ({ page, baseURL }) => {
  await signIn(page, 'planner', '/projects');
  await page.context().addCookies([{ name: 'roadmap_lang', value: 'en', url: baseURL ?? 'http://127.0.0.1:3000' }]);

  // A validation message, next to its field.
  await page.goto('/milestones/new');
  await hydrated(page);
  const form = page.locator('form.milestone-form');
  await form.locator('input[name="form[title]"]').fill('English check');
  await form.locator('select[name="form[phase]"]').selectOption({ index: 1 });
  await form.locator('select[name="form[pillar]"]').selectOption({ index: 1 });
  await form.locator('select[name="form[unit]"]').selectOption({ index: 1 });
  await form.locator('input[name="form[start_date]"]').fill('2026-03-01');
  await form.locator('input[name="form[due_date]"]').fill('2026-02-01');
  await form.locator('button[type=submit]').click();
  await expect(form.locator('.field-error[data-field=due_date]')).toHaveText('Due date cannot be before the start date');

  // Import problems, row by row.
  await upload(page, 'english.csv', ['Village video link,No such bureau,新建,一张网,2026-2027,30,30,']);
  const problems = page.locator('.problem-table tbody tr');
  await expect(problems).toHaveCount(1);
  await expect(problems.first()).toContainText('The unit “No such bureau” is not in the unit list');

  // An error page: a milestone that does not exist.
  const response = await page.goto('/milestones/99999999');
  expect(response?.status()).toBe(404);
  await expect(page.locator('.error-box')).toContainText('The record does not exist');
});
