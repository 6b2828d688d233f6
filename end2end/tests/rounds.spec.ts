import { test, expect, Page, Browser } from '@playwright/test';
import { hydrated, signIn, PASSWORDS } from './helpers';

// Units report in: a planner opens the November round, the 县公安局 liaison fills in and submits
// with a PDF attached, the planner returns one item with a comment, the liaison fixes it and
// submits again, the planner accepts, and the dashboard moves. A liaison of another unit is
// refused on the first unit's item. Runs after the reporting tests.

const shots = process.env.ROADMAP_SHOTS;

async function shot(page: Page, name: string) {
  if (shots) await page.screenshot({ path: `${shots}/${name}.png`, fullPage: true });
}

/** A page of its own, signed in as `who`. */
async function as(browser: Browser, who: keyof typeof PASSWORDS, next = '/'): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, who, next);
  return page;
}

// A 320 × 200 photo (PNG): the timeline shows a preview, not the original.
const PHOTO = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAUAAAADICAIAAAAWZq/8AAABvUlEQVR42u3TQQkAAAgEwYtjRCMayxC+hIFJsLCpHuCpSAAGBgwMGBgMDBgYMDBgYDAwYGDAwGBgwMCAgQEDg4EBAwMGBgwMBgYMDBgYDAwYGDAwYGAwMGBgwMCAgcHAgIEBA4OBAQMDBgYMDAYGDAwYGAysAhgYMDBgYDAwYGDAwICBwcCAgQEDg4EBAwMGBgwMBgYMDBgYMDAYGDAwYGAwMGBgwMCAgcHAgIEBAwMGBgMDBgYMDAYGDAwYGDAwGBgwMGBgMDBgYMDAgIHBwICBAQMDBgYDAwYGDAwGBgwMGBgwMBgYMDBgYMDAYGDAwICBwcCAgQEDAwYGAwMGBgwMGBgMDBgYMDAYGDAwYGDAwGBgwMCAgcHAgIEBAwMGBgMDBgYMDBgYDAwYGDAwGBgwMGBgwMBgYMDAgIEBA4OBAQMDBgYDAwYGDAwYGAwMGBgwMBhYBTAwYGDAwGBgwMCAgQEDg4EBAwMGBgMDBgYMDBgYDAwYGDAwYGAwMGBgwMBgYMDAgIEBA4OBAQMDBgYMDAYGDAwYGAwMGBgwMGBgMDBgYMDAYGDAwICBAQODgQEDAwYGDAwGBgwMXCx596SSjynHNgAAAABJRU5ErkJggg==', 'base64');

const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');

test('a unit reports, is returned, fixes and is accepted; the dashboard follows', async ({ browser }) => {
  const planner = await as(browser, 'planner', '/rounds');
  await planner.goto('/rounds');
  await hydrated(planner);
  const open = planner.locator('form.open-round');
  await open.locator('input[name=month]').fill('2026-11');
  await open.locator('input[name=due_date]').fill('2026-12-05');
  await open.locator('button[data-action=open-round]').click();
  await expect(planner).toHaveURL(/\/rounds\/\d+$/);
  await expect(planner.locator('h1[data-round="2026-11"]')).toHaveText('2026年11月进展填报');
  const police = planner.locator('tr', { hasText: '县公安局' });
  await expect(police).toHaveAttribute('data-state', 'not_started');
  const roundUrl = planner.url();
  await shot(planner, 'round-opened');

  // The planner takes one of the unit's projects out of this month's round.
  await police.locator('a').first().click();
  await hydrated(planner);
  const project = planner.locator('[data-kind=project] .submission-item').first();
  const projectTitle = (await project.locator('h4 a').textContent())!.trim();
  await project.locator('button[data-action=exclude-item]').click();
  await expect(planner.locator('.excluded-items li')).toHaveText(new RegExp(projectTitle));

  await planner.goto('/');
  const tile = planner.locator('[data-kpi=reporting]');
  await expect(tile).toHaveAttribute('data-submitted', '0');
  await expect(tile).toContainText('填报情况');

  // The liaison lands on 我的填报 and was told the round is open.
  const liaison = await as(browser, 'liaison');
  await expect(liaison).toHaveURL(/\/my-reporting$/);
  await hydrated(liaison);
  await expect(liaison.locator('.bell-count')).toBeVisible();
  const head = liaison.locator('.submission-head');
  await expect(head).toContainText('县公安局');
  await expect(head.locator('.state-chip')).toHaveAttribute('data-state', 'not_started');

  // The project taken out is listed apart, with nothing to fill in.
  await expect(liaison.locator('.excluded-items')).toContainText(projectTitle);
  await expect(liaison.locator('.excluded-items button')).toHaveCount(0);
  await expect(liaison.locator('[data-kind=project] .submission-item', { hasText: projectTitle })).toHaveCount(0);

  const milestone = liaison.locator('[data-kind=milestone] .submission-item').first();
  const milestoneTitle = (await milestone.locator('h4 a').textContent())!.trim();
  const milestoneHref = (await milestone.locator('h4 a').getAttribute('href'))!;
  await milestone.locator('input[name="form[percent]"]').fill('80');
  await milestone.locator('textarea[name="form[note]"]').fill('完成前端联调，待验收');
  await milestone.locator('button[data-action=save-item]').click();
  await expect(milestone.locator('.form-success')).toBeVisible();
  // Evidence: a PDF, checked by its content.
  await milestone.locator('.evidence-form input[type=file]').setInputFiles({ name: '验收材料.pdf', mimeType: 'application/pdf', buffer: PDF });
  await milestone.locator('.evidence-form button[type=submit]').click();
  await expect(liaison).toHaveURL(/upload=ok/);
  const after = liaison.locator('[data-kind=milestone] .submission-item', { hasText: milestoneTitle });
  await expect(after.locator('.evidence-list a')).toHaveText('验收材料.pdf');
  // A page named .pdf is not a PDF.
  await after.locator('.evidence-form input[type=file]').setInputFiles({ name: 'fake.pdf', mimeType: 'application/pdf', buffer: Buffer.from('<html><script>alert(1)</script></html>') });
  await after.locator('.evidence-form button[type=submit]').click();
  await expect(liaison).toHaveURL(/upload=type/);
  await expect(liaison.locator('.submission-head .form-error')).toContainText('文件类型不被接受');
  // A photo shows as a small preview.
  await after.locator('.evidence-form input[type=file]').setInputFiles({ name: '机房现场.png', mimeType: 'image/png', buffer: PHOTO });
  await after.locator('.evidence-form button[type=submit]').click();
  await expect(liaison).toHaveURL(/upload=ok/);
  const preview = after.locator('img.evidence-thumb');
  await expect(preview).toHaveAttribute('src', /thumb=1/);
  await expect.poll(() => preview.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(240);
  await hydrated(liaison);
  await shot(liaison, 'my-reporting-filled');

  await liaison.locator('button[data-action=submit]').click();
  await expect(liaison.locator('.submission-head .state-chip')).toHaveAttribute('data-state', 'submitted');

  // Planners may preview the dashboard with the waiting figures; leadership never sees them.
  await planner.goto('/?pending=true');
  await expect(planner.locator('[data-preview=on]')).toBeVisible();
  const viewer = await as(browser, 'viewer');
  await viewer.goto('/?pending=true');
  await expect(viewer.locator('.kpis-main')).toBeVisible();
  await expect(viewer.locator('[data-preview]')).toHaveCount(0);

  // Until reviewed, the milestone is where it was.
  await planner.goto(milestoneHref);
  await expect(planner.locator('.progress-text')).not.toHaveAttribute('data-percent', '80');

  // The planner reviews: the entry beside the accepted figure, returned with a comment.
  await planner.goto(roundUrl);
  await expect(planner.locator('tr', { hasText: '县公安局' })).toHaveAttribute('data-state', 'submitted');
  await planner.locator('tr', { hasText: '县公安局' }).locator('a').first().click();
  await hydrated(planner);
  const reviewed = planner.locator('[data-kind=milestone] .submission-item', { hasText: milestoneTitle });
  await expect(reviewed.locator('[data-entry-percent]')).toHaveText('80%');
  await reviewed.locator('.comment-form textarea').fill('请补充验收时间');
  await reviewed.locator('button[data-action=comment]').click();
  await expect(reviewed.locator('.comment-form .form-success')).toBeVisible();
  await shot(planner, 'submission-review');
  await planner.locator('button[data-action=return]').click();
  await expect(planner.locator('.submission-head .state-chip')).toHaveAttribute('data-state', 'returned');

  // The liaison sees why, fixes the entry and submits again.
  await liaison.goto('/my-reporting');
  await hydrated(liaison);
  const returned = liaison.locator('[data-kind=milestone] .submission-item', { hasText: milestoneTitle });
  await expect(returned.locator('.review-comment')).toContainText('请补充验收时间');
  await returned.locator('input[name="form[percent]"]').fill('85');
  await returned.locator('textarea[name="form[note]"]').fill('前端联调完成，定于12月3日验收');
  await returned.locator('button[data-action=save-item]').click();
  await expect(returned.locator('.form-success')).toBeVisible();
  await liaison.locator('button[data-action=submit]').click();
  await expect(liaison.locator('.submission-head .state-chip')).toHaveAttribute('data-state', 'submitted');

  // Accepted: the figures become the programme's.
  await planner.reload();
  await hydrated(planner);
  await planner.locator('button[data-action=accept]').click();
  await expect(planner.locator('.submission-head .state-chip')).toHaveAttribute('data-state', 'accepted');
  await planner.goto(milestoneHref);
  await expect(planner.locator('.progress-text')).toHaveAttribute('data-percent', '85');
  await expect(planner.locator('body')).toContainText('前端联调完成，定于12月3日验收');
  await planner.goto('/');
  await expect(tile).toHaveAttribute('data-accepted', '1');
  await expect(tile).toHaveAttribute('data-submitted', '1');
  await shot(planner, 'dashboard-after-round');

  // Another unit's liaison cannot write the first unit's item, even by posting directly.
  const other = await as(browser, 'liaison2');
  const round = roundUrl.match(/\/rounds\/(\d+)/)![1];
  const target = milestoneHref.split('/').pop();
  const refused = await other.request.post('/api/save_submission_item', {
    form: {
      round,
      unit: await unitOf(planner, roundUrl, '县公安局'),
      kind: 'milestone',
      target: target!,
      'form[percent]': '1',
      'form[note]': '越权填报',
    },
  });
  expect(refused.status()).toBe(403);
  await planner.goto(milestoneHref);
  await expect(planner.locator('.progress-text')).toHaveAttribute('data-percent', '85');
});

/** The id of a unit in a round, read from the round's table. */
async function unitOf(page: Page, roundUrl: string, name: string): Promise<string> {
  await page.goto(roundUrl);
  return (await page.locator('tr', { hasText: name }).getAttribute('data-unit'))!;
}
