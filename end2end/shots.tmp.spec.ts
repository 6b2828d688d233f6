import { test } from '@playwright/test';
import { signIn } from './tests/helpers';
test('shots', async ({ page }) => {
  await signIn(page, 'planner', '/indicators');
  for (const [path, name] of [['/indicators', 'indicators0'], ['/report', 'report0'], ['/activities', 'activities0'], ['/activities/import', 'import0']]) {
    await page.goto(path);
    await page.waitForTimeout(1500);
    await page.screenshot({ path: `/tmp/shots/${name}.png`, fullPage: true });
  }
});
