/**
 * 参数与补贴规则 in Chromium against the real server (fresh demo database): the county adds a new
 * version of a numeric parameter and sees it in the history (the old version ended the day
 * before); adds a subsidy rule version that overlaps, sees the server's refusal, fixes the date
 * and sees the new rule listed with its matrix; a township user sees the same page read only on a
 * phone. Values are checked through the API too (yuan -> fen, % -> basis points, exactly).
 */
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, launchBrowser, login, newContext, PHONE, screenshot, watchPage } from './support/browser.ts';
import { type RunningServer, startServer } from './support/server.ts';

let server: RunningServer;
let browser: Browser;
let ctx: BrowserContext;
let page: Page;
let problems: string[] = [];

const pad = (n: number) => String(n).padStart(2, '0');
/** A date in Beijing time, as the page computes "today". */
function cnDate(offsetDays = 0): string {
  const d = new Date(Date.now() + 8 * 3600_000 + offsetDays * 86400_000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}
const today = cnDate(0);
const tomorrow = cnDate(1);

/** antd puts a data-testid either on the <input> itself or on its wrapper. */
async function inputOf(p: Page, testId: string): Promise<Locator> {
  const el = p.locator(`[data-testid="${testId}"]`).first();
  await el.waitFor();
  return (await el.evaluate((e) => e.tagName)) === 'INPUT' ? el : el.locator('input').first();
}

async function typeDate(p: Page, testId: string, date: string): Promise<void> {
  const input = await inputOf(p, testId);
  await input.click();
  await input.fill(date);
  await input.press('Enter');
  await expect.poll(() => input.inputValue()).toBe(date);
}

async function getJson<T>(p: Page, path: string): Promise<T> {
  const res = await p.request.get(`/api${path}`);
  expect(res.status()).toBe(200);
  return (await res.json()) as T;
}

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  ctx = await newContext(browser, server.baseUrl, DESKTOP);
  page = await ctx.newPage();
  problems = watchPage(page);
});

afterAll(async () => {
  if (problems.length) console.warn(`browser problems:\n${problems.join('\n')}`);
  await ctx?.close();
  await browser?.close();
  await server?.stop();
});

describe('elderly-care configuration (参数与补贴规则)', () => {
  it('county adds a version of the check-in distance from tomorrow and sees it in the history', async () => {
    await login(page, 'county');
    await page.getByRole('menuitem', { name: '参数与补贴规则' }).click();
    await page.waitForURL(/\/elderly\/parameters$/);
    const card = page.getByTestId('param-card-anomaly');
    await card.waitFor();
    await expect.poll(() => card.textContent()).toContain('500 米');

    await page.getByTestId('param-new-anomaly').click();
    // prefilled from the version in force, valid from tomorrow
    const distance = await inputOf(page, 'param-anomaly-maxCheckinDistanceM');
    expect(await distance.inputValue()).toBe('500');
    expect(await (await inputOf(page, 'param-valid-from')).inputValue()).toBe(tomorrow);
    expect(await page.getByTestId('param-date-hint').textContent()).toContain(`截止于 ${today}`);
    await distance.fill('300');
    // the source (依据) is required
    await page.getByTestId('param-save').click();
    await page.locator('.ant-modal').getByText('请填写依据').waitFor();
    await (await inputOf(page, 'param-source')).fill('龙民〔2026〕101号');
    await page.getByTestId('param-save').click();
    await page.locator('.ant-modal').waitFor({ state: 'hidden' });

    await expect.poll(() => card.textContent()).toContain('300 米');
    const text = (await card.textContent()) ?? '';
    expect(text).toContain(`${tomorrow} ~ 长期`);
    expect(text).toContain('待生效');
    expect(text).toContain('龙民〔2026〕101号');
    // the version it replaces ends today and still shows in the history
    expect(text).toMatch(new RegExp(`\\d{4}-\\d{2}-\\d{2} ~ ${today}`));

    const versions = await getJson<{ key: string; validFrom: string; validTo: string | null; value: Record<string, unknown> }[]>(
      page,
      '/elderly-care/parameters',
    );
    const anomaly = versions.filter((v) => v.key === 'anomaly');
    const added = anomaly.find((v) => v.validFrom === tomorrow);
    expect(added?.value).toEqual({ maxCheckinDistanceM: 300, minDurationShare: 0.5 });
    expect(added?.validTo).toBeNull();
    expect(anomaly.find((v) => v.validFrom < tomorrow)?.validTo).toBe(today);
    await screenshot(page, 'ec-config-01-parameters-1440');
  });

  it('county adds a subsidy rule version: an overlap is refused by the server, the fixed date is saved', async () => {
    await page.getByRole('tab', { name: '补贴规则' }).click();
    const current = page.getByTestId('rule-row-DEMO-2024');
    await current.waitFor();
    expect(await current.textContent()).toContain('2024-01-01 ~ 长期');

    await page.getByTestId('rule-new').click();
    await (await inputOf(page, 'rule-version')).fill('LQ-E2E-CFG');
    // prefilled from the newest rule (DEMO-2024: level 4 = 360 yuan)
    const l4 = await inputOf(page, 'rule-L4.amount');
    expect(await l4.inputValue()).toMatch(/^360(\.00)?$/);
    await l4.fill('400.5');
    await (await inputOf(page, 'rule-S低保边缘.share')).fill('15');
    await (await inputOf(page, 'rule-source')).fill('龙民〔2026〕102号');
    // a start inside the existing rules: the page warns, the server refuses
    await typeDate(page, 'rule-valid-from', '2023-06-01');
    await page.getByTestId('rule-overlap-hint').waitFor();
    await page.getByTestId('rule-save').click();
    const refusal = page.getByTestId('rule-server-error');
    await refusal.waitFor();
    expect(await refusal.textContent()).toMatch(/重叠/);
    expect(await page.locator('.ant-modal .ant-form-item-explain-error').first().textContent()).toMatch(/重叠/);
    await screenshot(page, 'ec-config-02-rule-overlap-1440');

    // fix: start after the open rule, which the server then ends the day before
    await page.getByTestId('rule-fix-date').click();
    expect(await (await inputOf(page, 'rule-valid-from')).inputValue()).toBe(tomorrow);
    const close = page.getByTestId('rule-close-hint');
    await close.waitFor();
    expect(await close.textContent()).toContain(`DEMO-2024`);
    expect(await close.textContent()).toContain(`截止于 ${today}`);
    await page.getByTestId('rule-save').click();
    await page.locator('.ant-modal').waitFor({ state: 'hidden' });

    const row = page.getByTestId('rule-row-LQ-E2E-CFG');
    await row.waitFor();
    expect(await row.textContent()).toContain(`${tomorrow} ~ 长期`);
    expect(await row.textContent()).toContain('待生效');
    await expect.poll(() => current.textContent()).toContain(`2024-01-01 ~ ${today}`);
    await row.locator('.ant-table-row-expand-icon').click();
    const detail = page.getByTestId('rule-detail-LQ-E2E-CFG');
    await detail.waitFor();
    expect(await detail.textContent()).toContain('400.50');
    expect(await detail.textContent()).toContain('15%');

    type Rule = {
      version: string;
      validFrom: string;
      validTo: string | null;
      byLevel: Record<string, { monthlyAmountFen: number }>;
      byStatus: Record<string, { selfPayShareBp: number; monthlyAmountFen: number }>;
    };
    const rules = await getJson<Rule[]>(page, '/elderly-care/subsidy-rules');
    const added = rules.find((r) => r.version === 'LQ-E2E-CFG');
    expect(added?.byLevel['4'].monthlyAmountFen).toBe(40050);
    expect(added?.byStatus.低保边缘.selfPayShareBp).toBe(1500);
    expect(added?.byStatus.特困.monthlyAmountFen).toBe(24000);
    expect(rules.find((r) => r.version === 'DEMO-2024')?.validTo).toBe(today);
    await screenshot(page, 'ec-config-03-rules-1440');
  });

  it('a township user sees the configuration read only, and the page fits a phone', async () => {
    const phone = await newContext(browser, server.baseUrl, PHONE);
    try {
      const p = await phone.newPage();
      problems.push(...watchPage(p));
      await login(p, 'town-331181203');
      await p.goto('/elderly/parameters');
      const card = p.getByTestId('param-card-followup');
      await card.waitFor();
      await expect.poll(() => card.textContent()).toContain('10 %');
      expect(await p.locator('[data-testid^="param-new-"]').count()).toBe(0);
      expect(await p.getByTestId('param-card-anomaly').textContent()).toContain('300 米');
      expect(Number(await p.evaluate('document.documentElement.scrollWidth - window.innerWidth'))).toBeLessThanOrEqual(1);
      await screenshot(p, 'ec-config-04-parameters-390');
      await p.getByRole('tab', { name: '补贴规则' }).click();
      await p.getByTestId('rule-row-LQ-E2E-CFG').waitFor();
      expect(await p.getByTestId('rule-new').count()).toBe(0);
      expect(Number(await p.evaluate('document.documentElement.scrollWidth - window.innerWidth'))).toBeLessThanOrEqual(1);
      await screenshot(p, 'ec-config-05-rules-390');
    } finally {
      await phone.close();
    }
  });
});
