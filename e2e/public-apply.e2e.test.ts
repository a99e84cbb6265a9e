/**
 * A resident applies on the public phone page (no login), gets a tracking code, and a township
 * worker verifies the application against the registry in the console; the tracking page then
 * shows the new status and only the masked name.
 */

import { computeCheckCharacter } from '@lq/contracts';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, login, newContext, PHONE, screenshot } from './support/browser.ts';
import { type RunningServer, startServer } from './support/server.ts';

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('resident self-service application', () => {
  it('applies on a phone without logging in, then the township verifies it', async () => {
    const phone = await newContext(browser, server.baseUrl, PHONE);
    const p = await phone.newPage();
    const staff = await newContext(browser, server.baseUrl);
    const s = await staff.newPage();
    await login(s, 'town-331181203');
    // An elder not yet in the registry applies; the township registers and then verifies them.
    const given = '秀英桂兰玉梅金花春生';
    const elder = {
      name: `蓝${given[Math.floor(Math.random() * 5) * 2]}${given[Math.floor(Math.random() * 5) * 2 + 1]}${'甲乙丙丁'[Math.floor(Math.random() * 4)]}`,
    };
    const first17 = `33118119${40 + Math.floor(Math.random() * 9)}0${1 + Math.floor(Math.random() * 9)}1${Math.floor(Math.random() * 9)}${100 + Math.floor(Math.random() * 800)}`;
    const idNumber = first17 + computeCheckCharacter(first17);

    await p.goto('/apply');
    await p.getByTestId('pub-name').fill(elder.name);
    await p.getByTestId('pub-id').fill(idNumber);
    await p.getByTestId('pub-phone').fill('13900001111');
    await p.getByTestId('pub-region').click();
    await p.locator('.ant-cascader-menu-item', { hasText: '竹垟畲族乡' }).first().click();
    await p.getByTestId('pub-items').locator('.ant-checkbox-wrapper').first().click();
    await p.getByTestId('pub-agree').click();
    await p.getByTestId('pub-submit').click();
    const code = (await p.getByTestId('tracking-code').textContent())?.trim() ?? '';
    expect(code.length).toBeGreaterThan(8);
    await expect.poll(() => p.getByTestId('track-qr').isVisible()).toBe(true);
    await screenshot(p, 'public-apply-done-phone');
    expect(Number(await p.evaluate('document.documentElement.scrollWidth - window.innerWidth'))).toBeLessThanOrEqual(0);

    // The township registers the elder (fixture through the API), then verifies the application in the console.
    const me = (await (await s.request.get('/api/auth/me')).json()) as { csrfToken: string };
    const village = ((await (await s.request.get('/api/regions?parent=331181203')).json()) as { code: string }[])[0].code;
    const reg = await s.request.post('/api/people', {
      data: { name: elder.name, idNumber, residenceRegionCode: village, confirmDuplicate: true },
      headers: { 'x-csrf-token': me.csrfToken },
    });
    expect(reg.status(), await reg.text()).toBe(201);
    await s.goto('/elderly/applications');
    await s.getByTestId(`verify-${code}`).click();
    const dialog = s.locator('.ant-modal:visible');
    await dialog.locator('[data-testid="person-picker"] input').fill(elder.name);
    const option = s
      .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: elder.name })
      .first();
    await option.waitFor({ state: 'visible' });
    await option.click();
    // close the dropdown (it covers the footer) before confirming
    await dialog.locator('.ant-modal-title').click();
    await dialog.getByRole('button', { name: '确认是此人' }).click();
    await screenshot(s, 'applications-verify-clicked');
    await expect.poll(() => s.getByTestId(`verify-${code}`).count()).toBe(0);
    await screenshot(s, 'applications-verified-desktop');

    // The public tracking page shows the new status and only the masked name.
    await p.goto(`/track/${code}`);
    const status = p.getByTestId('track-status');
    await status.waitFor();
    await expect.poll(async () => (await status.textContent()) ?? '').not.toMatch(/待核实/);
    const shown = (await p.getByTestId('track-name').textContent()) ?? '';
    expect(shown.startsWith(Array.from(elder.name)[0])).toBe(true);
    expect(shown).toContain('*');
    expect(await p.locator('body').textContent()).not.toContain(idNumber);
    await phone.close();
    await staff.close();
  }, 120_000);
});
