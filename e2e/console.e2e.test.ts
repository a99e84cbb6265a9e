/**
 * The staff console end to end: real server (fresh database with demo data), built web app, Chromium.
 * Screenshots at 1440x900 and 390x844 go to e2e/artifacts/.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { computeCheckCharacter } from '@lq/contracts';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, launchBrowser, login, logout, newContext, PHONE, screenshot, watchPage } from './support/browser.ts';
import { type RunningServer, startServer } from './support/server.ts';

let server: RunningServer;
let browser: Browser;
let ctx: BrowserContext;
let page: Page;
let problems: string[] = [];
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lq-e2e-files-'));
const created: { name?: string; id?: string } = {};
const found: { name?: string } = {};

function rnd(n: number): number {
  return Math.floor(Math.random() * n);
}

/** A valid 18-digit ID number with address code 331181, a random birth date and sequence. */
function validIdNumber(opts: { sex?: 'M' | 'F' } = {}): string {
  const y = 1940 + rnd(60);
  const m = 1 + rnd(12);
  const d = 1 + rnd(28);
  let seq = rnd(1000);
  if (opts.sex === 'M' && seq % 2 === 0) seq = (seq + 1) % 1000;
  if (opts.sex === 'F' && seq % 2 === 1) seq = (seq + 1) % 1000;
  const first17 = `331181${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}${String(seq).padStart(3, '0')}`;
  return first17 + computeCheckCharacter(first17);
}

const GIVEN = '安宝晨德帆国海浩嘉建君俊康磊丽林敏明宁鹏琦强荣瑞珊涛婷伟文欣秀雅燕毅英勇宇玉云哲志忠';
function randomName(surname = '叶'): string {
  return surname + GIVEN[rnd(GIVEN.length)] + GIVEN[rnd(GIVEN.length)];
}

/** RFC 6238 code for a base32 secret (what an authenticator app shows now). */
function totp(secretBase32: string, at = Date.now()): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const ch of secretBase32.replace(/=+$/, '')) bits += alphabet.indexOf(ch).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g)?.map((b) => Number.parseInt(b, 2)) ?? []);
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 1000 / 30)));
  const h = crypto.createHmac('sha1', key).update(counter).digest();
  const o = h[h.length - 1] & 0xf;
  const n = ((h[o] & 0x7f) << 24) | (h[o + 1] << 16) | (h[o + 2] << 8) | h[o + 3];
  return String(n % 1_000_000).padStart(6, '0');
}

function csvLine(cells: string[]): string {
  return cells.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',');
}

async function templateHeader(p: Page): Promise<string[]> {
  const res = await p.request.get('/api/imports/template?format=csv');
  expect(res.status()).toBe(200);
  const text = (await res.text()).replace(/^\ufeff/, '');
  return text
    .split(/\r?\n/)[0]
    .split(',')
    .map((h) => h.replace(/^"|"$/g, ''));
}

interface Row {
  householdNumber?: string;
  relation?: string;
  name: string;
  idNumber: string;
  residenceRegionCode: string;
  phone?: string;
}
const HEADER_KEYS: Record<string, keyof Row> = {
  户编号: 'householdNumber',
  与户主关系: 'relation',
  姓名: 'name',
  身份证号: 'idNumber',
  常住地区划代码: 'residenceRegionCode',
  联系电话: 'phone',
};

function writeCsv(header: string[], rows: Row[], file: string): string {
  const lines = [csvLine(header), ...rows.map((r) => csvLine(header.map((h) => (HEADER_KEYS[h] ? (r[HEADER_KEYS[h]] ?? '') : ''))))];
  const full = path.join(tmp, file);
  fs.writeFileSync(full, `\ufeff${lines.join('\r\n')}\r\n`, 'utf8');
  return full;
}

/** How far the page is wider than the viewport (string expression: this file is typed without DOM). */
async function overflowX(p: Page): Promise<number> {
  return Number(await p.evaluate('document.documentElement.scrollWidth - window.innerWidth'));
}

async function uploadImport(p: Page, file: string): Promise<void> {
  await p.goto('/imports');
  await p.getByTestId('import-upload').waitFor();
  await p.locator('[data-testid="import-upload"] input[type=file], .ant-upload input[type=file]').first().setInputFiles(file);
  await p.waitForURL(/\/imports\/[^/]+$/);
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
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('staff console', () => {
  it('shows the login page in Chinese and logs in', async () => {
    await page.goto('/people');
    await page.waitForURL(/\/login/);
    await expect.poll(() => page.getByText('龙泉市智慧民政').first().isVisible()).toBe(true);
    await screenshot(page, 'login-desktop');

    // a wrong password says so in Chinese
    await page.getByLabel('账号').fill('county');
    await page.getByLabel('密码').fill('wrong-password');
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await expect.poll(() => page.getByTestId('login-error').textContent()).toContain('用户名或密码错误');

    await login(page, 'county');
    await expect.poll(() => page.getByTestId('user-menu').textContent()).toContain('龙泉市民政局');
    await screenshot(page, 'home-desktop');
  });

  it('finds a person by the first two characters of the name', async () => {
    const res = await page.request.get('/api/people?pageSize=1');
    expect(res.status()).toBe(200);
    const body = (await res.json()) as { items: { name: string }[]; total: number };
    expect(body.total).toBeGreaterThan(0);
    const name = body.items[0].name;
    found.name = name;
    const q = Array.from(name).slice(0, 2).join('');

    await page.goto('/people');
    await page.getByTestId('people-search').fill(q);
    await page.getByTestId('people-search').press('Enter');
    await page.waitForURL((u) => u.searchParams.get('q') === q);
    await expect
      .poll(() => page.locator('.ant-table-tbody').getByText(name, { exact: true }).count(), { timeout: 15_000 })
      .toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('result-count').textContent()).toMatch(/共 \d+ 条/);
    await screenshot(page, 'people-search-desktop');

    // the detail page shows the masked ID and the tabs
    await page.locator('.ant-table-tbody').getByText(name, { exact: true }).first().click();
    await page.waitForURL(/\/people\/[0-9a-f-]{36}$/);
    await expect.poll(() => page.getByTestId('person-name').textContent()).toBe(name);
    await expect.poll(() => page.getByRole('tab', { name: '变更历史' }).isVisible()).toBe(true);
    await screenshot(page, 'person-detail-desktop');
  });

  it('narrows the region scope from the top bar', async () => {
    await page.goto('/people');
    await page.locator('.ant-table-tbody tr.ant-table-row').first().waitFor();
    const before = await page.getByTestId('result-count').textContent();
    await page.getByLabel('区域范围').click();
    await page.locator('.ant-cascader-menu-item', { hasText: '龙泉市' }).first().click();
    await page.locator('.ant-cascader-menu-item', { hasText: '龙渊街道' }).first().click();
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('page-scope').textContent()).toBe('龙泉市 / 龙渊街道');
    await expect.poll(() => page.getByTestId('result-count').textContent()).not.toBe(before);
    const residences = await page.locator('.ant-table-tbody tr.ant-table-row td:nth-child(6)').allTextContents();
    expect(residences.length).toBeGreaterThan(0);
    await screenshot(page, 'people-scoped-desktop');
    // back to the whole county
    await page.getByLabel('区域范围').click();
    await page.locator('.ant-cascader-menu-item', { hasText: '龙泉市' }).first().click();
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('page-scope').textContent()).toBe('龙泉市');
  });

  it('switches to English and back', async () => {
    await page.goto('/people');
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => page.getByRole('heading', { level: 4 }).first().textContent()).toBe('People');
    await expect.poll(() => page.getByText('Export Excel').isVisible()).toBe(true);
    await screenshot(page, 'people-english-desktop');
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => page.getByRole('heading', { level: 4 }).first().textContent()).toBe('人员档案');
  });

  it('rejects a bad ID number in Chinese and registers a person with a good one', async () => {
    await page.goto('/people/new');
    const id = page.getByTestId('idNumber');
    // wrong check character
    const good = validIdNumber();
    const wrongCheck = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    await id.fill(wrongCheck);
    await expect.poll(() => page.getByText('身份证号校验位不正确').first().isVisible()).toBe(true);
    // impossible date
    await id.fill('331181199002301234');
    await expect.poll(() => page.getByText('身份证号中的出生日期不存在').first().isVisible()).toBe(true);

    // a good number derives the birth date
    await id.fill(good);
    const birth = `${good.slice(6, 10)}-${good.slice(10, 12)}-${good.slice(12, 14)}`;
    await expect.poll(() => page.getByTestId('id-derived').textContent()).toContain(birth);

    const name = randomName();
    await page.getByTestId('name').fill(name);
    // residence: 龙泉市 > 龙渊街道 > first village
    await page.getByLabel('常住地').click();
    await page.locator('.ant-cascader-menu-item', { hasText: '龙泉市' }).first().click();
    await page.locator('.ant-cascader-menu-item', { hasText: '龙渊街道' }).first().click();
    await page.locator('.ant-cascader-menu').nth(2).locator('.ant-cascader-menu-item').first().click();
    await page.keyboard.press('Escape');
    await screenshot(page, 'person-create-desktop');

    await page.getByTestId('person-submit').click();
    // an unlikely duplicate (same name, birth date, village) is confirmed
    const dup = page.getByTestId('duplicate-warning');
    await Promise.race([page.waitForURL(/\/people\/[0-9a-f-]{36}$/), dup.waitFor()]);
    if (await dup.isVisible()) await page.getByRole('button', { name: /继续登记/ }).click();
    await page.waitForURL(/\/people\/[0-9a-f-]{36}$/);
    await expect.poll(() => page.getByTestId('person-name').textContent()).toBe(name);
    created.name = name;
    created.id = page.url().split('/').pop();

    // reveal asks for a purpose
    await page.getByTestId('reveal-idNumber').click();
    await page.getByLabel('查看目的').fill('核对登记信息');
    await page
      .getByRole('button', { name: /查\s*看/ })
      .last()
      .click();
    await expect.poll(() => page.getByTestId('idNumber-value').textContent()).toBe(good);
  });

  it('edits the person, shows the change history and detects a stale edit', async () => {
    expect(created.id).toBeTruthy();
    await page.goto(`/people/${created.id}/edit`);
    await page.getByTestId('name').waitFor();
    await page.getByLabel('联系电话').fill('13800001234');
    await page.getByTestId('person-submit').click();
    await page.waitForURL(new RegExp(`/people/${created.id}$`));
    await page.getByRole('tab', { name: '变更历史' }).click();
    await expect.poll(() => page.getByTestId('history').textContent()).toContain('联系电话');

    // someone else saves in between: the form reports the conflict instead of overwriting
    await page.goto(`/people/${created.id}/edit`);
    await page.getByTestId('name').waitFor();
    const me = (await (await page.request.get('/api/auth/me')).json()) as { csrfToken: string };
    const current = (await (await page.request.get(`/api/people/${created.id}`)).json()) as { version: number };
    const bump = await page.request.patch(`/api/people/${created.id}`, {
      headers: { 'x-csrf-token': me.csrfToken },
      data: { version: current.version, address: '龙渊街道测试路1号' },
    });
    expect(bump.status()).toBe(200);
    await page.getByLabel('详细地址').fill('另一个地址2号');
    await page.getByTestId('person-submit').click();
    await page.getByTestId('version-conflict').waitFor();
    await screenshot(page, 'person-conflict-desktop');
    await page.getByTestId('version-conflict').getByRole('button').click();
    await expect.poll(() => page.getByLabel('详细地址').inputValue()).toBe('龙渊街道测试路1号');
  });

  it('creates a household with the new person as head and adds a member', async () => {
    expect(created.id).toBeTruthy();
    await page.goto(`/households/new?personId=${created.id}`);
    await expect.poll(() => page.getByTestId('person-picker').first().textContent()).toContain(created.name ?? '');
    await page.getByLabel('常住地').click();
    await page.locator('.ant-cascader-menu-item', { hasText: '龙泉市' }).first().click();
    await page.locator('.ant-cascader-menu-item', { hasText: '龙渊街道' }).first().click();
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: /保\s*存/ }).click();
    await page.waitForURL(/\/households\/[0-9a-f-]{36}$/);
    await expect.poll(() => page.locator('.ant-table-tbody').textContent()).toContain(created.name ?? '');

    // add the person found by the search test as spouse
    await page.getByRole('button', { name: '添加成员' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('person-picker').click();
    await page.keyboard.type(found.name ?? '');
    await page
      .locator('.ant-select-item-option', { hasText: found.name ?? '' })
      .first()
      .click();
    await dialog.locator('.ant-select', { hasText: '子女' }).click();
    await page.locator('.ant-select-item-option', { hasText: '配偶' }).click();
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await expect.poll(() => page.locator('.ant-table-tbody tr.ant-table-row').count()).toBe(2);
    await expect.poll(() => page.locator('.ant-table-tbody').textContent()).toContain(found.name ?? '');
    await screenshot(page, 'household-detail-desktop');
  });

  it('rejects an import file with one bad row and shows the report', async () => {
    const header = await templateHeader(page);
    const hh = `E2E-BAD-${Date.now()}`;
    const file = writeCsv(
      header,
      [
        { householdNumber: hh, relation: '户主', name: randomName('金'), idNumber: validIdNumber(), residenceRegionCode: '331181001' },
        { householdNumber: hh, relation: '配偶', name: randomName('金'), idNumber: '331181199001011235', residenceRegionCode: '331181001' },
      ],
      'one-bad-row.csv',
    );
    await uploadImport(page, file);
    await page.getByTestId('import-rejected').waitFor();
    const table = page.getByTestId('import-errors');
    await expect.poll(() => table.locator('.ant-table-tbody tr.ant-table-row').count()).toBeGreaterThan(0);
    await expect.poll(() => table.textContent()).toContain('身份证号');
    // row 3 of the file (the header is row 1)
    await expect.poll(() => table.locator('.ant-table-tbody tr.ant-table-row').first().locator('td').first().textContent()).toBe('3');
    const download = page.waitForEvent('download');
    await page.getByTestId('errors-xlsx').click();
    const dl = await download;
    expect(dl.suggestedFilename()).toMatch(/\.xlsx$/);
    await screenshot(page, 'import-rejected-desktop');
  });

  it('imports a good file and the progress reaches done', async () => {
    const header = await templateHeader(page);
    const rows: Row[] = [];
    const stamp = Date.now();
    for (let h = 0; h < 20; h++) {
      const hh = `E2E-${stamp}-${h}`;
      rows.push({
        householdNumber: hh,
        relation: '户主',
        name: randomName('陈'),
        idNumber: validIdNumber({ sex: 'M' }),
        residenceRegionCode: '331181002',
      });
      rows.push({
        householdNumber: hh,
        relation: '配偶',
        name: randomName('吴'),
        idNumber: validIdNumber({ sex: 'F' }),
        residenceRegionCode: '331181002',
      });
    }
    const file = writeCsv(header, rows, 'good.csv');
    await uploadImport(page, file);
    const commit = page.getByTestId('import-commit');
    await commit.waitFor();
    expect(await commit.textContent()).toContain(`确认导入 ${rows.length} 行`);
    await screenshot(page, 'import-validated-desktop');
    await commit.click();
    // the progress bar shows while importing and ends at 100% with 导入完成
    await page.getByTestId('import-progress').first().waitFor();
    await page.getByText('导入完成').waitFor({ timeout: 60_000 });
    await screenshot(page, 'import-done-desktop');

    // a reload keeps showing the job (its id is in the URL)
    await page.reload();
    await page.getByText('导入完成').waitFor();
  });

  it('lets the auditor see the login and the person creation and verify the chain', async () => {
    await logout(page);
    await login(page, 'auditor');

    // the auditor has no create buttons on the people list
    await page.goto('/people');
    await page.locator('.ant-table-tbody tr.ant-table-row').first().waitFor();
    expect(await page.getByRole('button', { name: '登记人员' }).count()).toBe(0);

    await page.goto('/audit');
    const table = page.getByTestId('audit-table');
    await expect.poll(() => table.locator('.ant-table-tbody tr.ant-table-row').count()).toBeGreaterThan(0);
    await expect.poll(() => table.textContent()).toContain('auth.login');
    // the person created above, by the person.create filter
    await page.goto('/audit?action=person.create');
    await expect.poll(() => table.textContent()).toContain('person.create');
    if (created.id) await expect.poll(() => table.textContent()).toContain(created.id);
    await page.getByTestId('audit-verify').click();
    await expect.poll(() => page.getByTestId('audit-verify-result').textContent()).toContain('日志链完整');
    await screenshot(page, 'audit-desktop');
  });

  it('shows the admin pages', async () => {
    await logout(page);
    await login(page, 'admin');
    await page.goto('/admin/users');
    await page.locator('.ant-table-tbody tr.ant-table-row').first().waitFor();
    await screenshot(page, 'admin-users-desktop');
    await page.goto('/admin/regions');
    await page.getByText('龙泉市').first().waitFor();
    await expect.poll(() => page.getByText('演示').count()).toBeGreaterThan(0);
    await screenshot(page, 'admin-regions-desktop');
    await page.goto('/admin/security');
    await page.getByTestId('require-totp').waitFor();
    await screenshot(page, 'admin-security-desktop');
  });

  it('creates an account that enrols TOTP and then needs the code to log in', async () => {
    const username = `e2e-${Date.now().toString(36)}`;
    const password = 'E2e-Test-2026!';
    await page.goto('/admin/users');
    await page.getByRole('button', { name: /新建账号/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('账号').fill(username);
    await dialog.getByLabel('姓名').fill('测试经办人');
    await dialog.getByLabel('角色').click();
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: '市民政局' }).click();
    await dialog.locator('.ant-select', { hasText: '市民政局' }).waitFor();
    await page.keyboard.press('Escape');
    await dialog.getByLabel('管辖区域').click();
    await page
      .locator('.ant-cascader-dropdown:not(.ant-select-dropdown-hidden) .ant-cascader-menu-item', { hasText: '龙泉市' })
      .first()
      .click();
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.locator('.ant-cascader').textContent()).toContain('龙泉市');
    // a weak password is refused under the field, in Chinese
    await dialog.getByLabel('初始密码').fill('abc');
    await expect.poll(() => dialog.getByText('密码至少10位').isVisible()).toBe(true);
    await dialog.getByLabel('初始密码').fill(password);
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await expect.poll(() => page.getByText(`账号 ${username} 已创建`).isVisible()).toBe(true);
    // find it with the search box
    await page.getByPlaceholder('输入账号或姓名').fill(username);
    await page.getByPlaceholder('输入账号或姓名').press('Enter');
    await expect.poll(() => page.locator('.ant-table-tbody').textContent()).toContain(username);
    await screenshot(page, 'admin-user-created-desktop');

    await logout(page);
    await login(page, username, password);
    await page.goto('/account/totp');
    await page.getByRole('button', { name: /开始绑定/ }).click();
    await page.getByTestId('totp-qr').waitFor();
    const secret = ((await page.locator('.ant-typography code').first().textContent()) ?? '').trim();
    expect(secret).toMatch(/^[A-Z2-7]+=*$/);
    await screenshot(page, 'totp-enrol-desktop');
    await page.getByPlaceholder('123456').fill(totp(secret));
    await page.getByRole('button', { name: /确认绑定/ }).click();
    await page.getByText('动态验证码已绑定').first().waitFor();

    await logout(page);
    await page.getByLabel('账号').fill(username);
    await page.getByLabel('密码').fill(password);
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.getByLabel('动态验证码').waitFor();
    await page.getByLabel('动态验证码').fill(totp(secret));
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    await expect.poll(() => page.getByTestId('user-menu').textContent()).toContain('测试经办人');
  });

  it('works on a 390x844 phone', async () => {
    const phone = await newContext(browser, server.baseUrl, PHONE);
    const p = await phone.newPage();
    try {
      await p.goto('/login');
      await p.getByLabel('账号').waitFor();
      await screenshot(p, 'login-phone');
      await login(p, 'county');
      await p.goto('/people');
      await p.locator('.ant-table-tbody tr.ant-table-row').first().waitFor();
      await screenshot(p, 'people-phone');
      // no horizontal page overflow (tables scroll inside themselves)
      const overflow = await overflowX(p);
      expect(overflow).toBeLessThanOrEqual(1);
      // the menu opens as a drawer
      await p.getByRole('button', { name: '打开菜单' }).click();
      await p.locator('.ant-drawer-open').getByText('家庭户').waitFor();
      await p.waitForTimeout(500); // let the drawer finish sliding in
      await screenshot(p, 'menu-phone');
      await p.locator('.ant-drawer-open').getByText('家庭户').click();
      await p.waitForURL(/\/households/);
      await p.locator('.ant-table-tbody tr.ant-table-row').first().waitFor();
      await screenshot(p, 'households-phone');
      if (created.id) {
        await p.goto(`/people/${created.id}`);
        await p.getByTestId('person-name').waitFor();
        await screenshot(p, 'person-detail-phone');
      }
      await p.goto('/people/new');
      await p.getByTestId('idNumber').waitFor();
      const overflow2 = await overflowX(p);
      expect(overflow2).toBeLessThanOrEqual(1);
      await screenshot(p, 'person-create-phone');
    } finally {
      await phone.close();
    }
  });

  it('had no uncaught errors in the page', () => {
    expect(problems.filter((p) => p.startsWith('pageerror') || p.startsWith('HTTP 5'))).toEqual([]);
  });
});
