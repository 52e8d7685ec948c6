// leader.mjs — the leader's "what is late, where, and why" (issue #14, item 15): a step past
// its due time is finished only with a reason, asked for on the dossier page just then and
// answered in place when missing; the late list shows the dossier with its unit, step, holder
// (the role said once), working days late and the reason, keeping its column names on a
// phone; every count of the statistics dashboard opens an HTML list of dossiers with dates as
// dd/mm/yyyy; the filter's dates are checked beside their fields and its units are picked from
// a list. Each scenario runs at desk width and at phone width, and the pages pass axe-core.
//
// A really late dossier is made the way the HTTP suites make one: its open step is moved a
// month back in the server's SQLite database (sqlite3, MOTCUA_TEST_DB), as a month passing
// would.
import {
  BASE,
  atBothSizes,
  asOfficer,
  axeViolations,
  check,
  heading,
  makeLate,
  receiveAtCounter,
  shoot,
  submit,
} from '../lib.mjs';

const LATE = { name: 'Đỗ Văn Chậm', birth: '1990-03-02', phone: '0987650001', address: 'Ấp Phước Hưng, xã Thạnh Hòa' };

// Item 15: the late step needs a reason; the late list says where, who, how late and why.
async function lateWithReason(browser, viewport, size) {
  const code = await receiveAtCounter(browser, LATE, size === '1366' ? '079190008101' : '079190008102');
  makeLate(code);
  const reason = 'Chờ xác minh nơi cư trú với Công an xã';
  await asOfficer(
    browser,
    'specialist',
    `leader-reason-${size}`,
    async (page) => {
      await page.goto(`${BASE}/desk/ho-so/${encodeURIComponent(code)}`);
      const form = page.locator('form#act-advance');
      const box = form.getByLabel(/Lý do trễ hạn/);
      check((await box.count()) === 1, 'the late step does not ask for a reason');
      await box.evaluate((el) => el.removeAttribute('required')); // as a browser without validation would send it
      await Promise.all([page.waitForEvent('load'), form.getByRole('button').last().click()]);
      const summary = page.locator('.error-summary');
      await summary.waitFor();
      check(/lý do trễ hạn/.test(await summary.innerText()), 'no error summary about the reason');
      check(/lý do trễ hạn/.test(await page.locator('form#act-advance .field-error').innerText()), 'no error beside the field');
      await shoot(page, `leader-15-reason-missing-${size}`);
      await page.locator('form#act-advance').getByLabel(/Lý do trễ hạn/).fill(reason);
      await submit(page, page.locator('form#act-advance').getByRole('button').last(), /^\/desk\/ho-so/);
    },
    { viewport },
  );
  makeLate(code); // the leader's own step is late too now
  return asOfficer(
    browser,
    'leader',
    `leader-late-${size}`,
    async (page) => {
      await page.goto(`${BASE}/desk/tre-han`);
      await heading(page, 'Hồ sơ trễ hạn, sắp đến hạn');
      const row = page.locator('table.late tbody tr', { has: page.getByRole('link', { name: code }) });
      await row.waitFor();
      const text = (await row.innerText()).replace(/\s+/g, ' ');
      check(text.includes(reason), `the reason is not shown: ${text}`);
      const days = /Trễ (\d+) ngày làm việc/.exec(text);
      check(days && +days[1] >= 18 && +days[1] <= 23, `not a month of working days late: ${text}`);
      const holder = (await row.locator('td[data-label="Người giữ hồ sơ"]').innerText()).trim();
      const step = (await row.locator('td[data-label="Bước"]').innerText()).trim();
      check(holder !== step && !holder.includes(step), `the role is said twice: ${step} / ${holder}`);
      if (size === '390') {
        const label = await row
          .locator('td[data-label="Lý do trễ hạn"]')
          .evaluate((td) => getComputedStyle(td, '::before').content);
        check(label.includes('Lý do trễ hạn'), `at 390 px the cell lost its label (${label})`);
      }
      await shoot(page, `leader-15-late-${size}`);
      await page.goto(`${BASE}/desk/ho-so/${encodeURIComponent(code)}`);
      const steps = await page.locator('.steps-table').innerText();
      check(steps.includes(`Lý do trễ hạn: ${reason}`), 'the dossier page does not show the reason');
      const timeline = await page.locator('.timeline').innerText();
      check(timeline.includes(reason), 'the timeline does not show the reason');
      check((await page.locator('form#act-advance').getByLabel(/Lý do trễ hạn/).count()) === 1, 'the leader is not asked why');
      await shoot(page, `leader-15-dossier-${size}`);
      return `${code}: ${days[0]}, holder "${holder}", reason shown on the list, the steps and the timeline`;
    },
    { viewport },
  );
}

// Item 15: counts drill down to pages; the period is checked in place; units from the tree.
async function dashboardDrillDown(browser, viewport, size) {
  return asOfficer(
    browser,
    'leader',
    `leader-stats-${size}`,
    async (page) => {
      await page.goto(`${BASE}/desk/thong-ke`);
      await heading(page, 'Thống kê hồ sơ thủ tục hành chính');
      const unit = page.getByLabel('Đơn vị', { exact: true });
      check((await unit.evaluate((el) => el.tagName)) === 'SELECT', 'the unit is not picked from a list');
      const options = await unit.locator('option').evaluateAll((os) => os.map((o) => o.textContent));
      check(options.length >= 2 && options.some((o) => /^\s+\S/.test(o)), `units are not a tree: ${options.join(' | ')}`);
      check(!options.some((o) => /^GR/.test(o.trim())), 'unit codes are shown');

      await page.getByLabel('Từ ngày').fill('31/02/2026');
      await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Xem thống kê' }).click()]);
      await page.locator('.error-summary a[href="#from"]').waitFor();
      check((await page.locator('#from-error').count()) === 1, 'no error beside "Từ ngày"');
      check((await page.getByLabel('Từ ngày').inputValue()) === '31/02/2026', 'what was typed was lost');
      await shoot(page, `leader-15-stats-bad-date-${size}`);
      await page.getByLabel('Từ ngày').fill('02/05/2026');
      await page.getByLabel('Đến ngày').fill('01/05/2026');
      await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Xem thống kê' }).click()]);
      check(/Ngày bắt đầu phải trước/.test(await page.locator('#from-error').innerText()), 'from after to is not said');

      const year = new Date().getFullYear();
      await page.getByLabel('Từ ngày').fill(`01/01/${year}`);
      await page.getByLabel('Đến ngày').fill('');
      await submit(page, page.getByRole('button', { name: 'Xem thống kê' }), /^\/desk\/thong-ke$/);
      const lead = await page.locator('p.lead').innerText();
      check(new RegExp(`từ 01/01/${year} đến \\d{2}/\\d{2}/${year}`).test(lead), `the period is not dd/mm/yyyy: ${lead}`);
      const api = await page.locator('table.data a[href*="/api/"]').count();
      check(api === 0, `${api} counts still open the API`);
      const links = page.locator('table.data a[href^="/desk/thong-ke/ho-so"]');
      const nlinks = await links.count();
      check(nlinks > 0, 'no count opens a list');
      await shoot(page, `leader-15-stats-${size}`);
      await Promise.all([page.waitForURL(/\/desk\/thong-ke\/ho-so/), links.first().click()]);
      await heading(page, /^Hồ sơ/);
      const rows = page.locator('table.dossiers tbody tr');
      check((await rows.count()) > 0, 'the list is empty');
      const first = await rows.first().locator('td[data-label="Ngày tiếp nhận"]').innerText();
      check(/^\d{2}\/\d{2}\/\d{4}$/.test(first.trim()), `a date is not dd/mm/yyyy: ${first}`);
      await shoot(page, `leader-15-stats-list-${size}`);
      return `${nlinks} count links, list of ${await rows.count()} dossiers, first received ${first.trim()}`;
    },
    { viewport },
  );
}

async function leaderAxe(browser, viewport, size) {
  return asOfficer(
    browser,
    'leader',
    `leader-axe-${size}`,
    async (page) =>
      axeViolations(page, [
        '/desk/tre-han',
        '/desk/thong-ke',
        '/desk/thong-ke?from=31/02/2026&to=01/01/2026',
        '/desk/thong-ke/ho-so?timing=resolved',
        '/desk/thong-ke/ho-so',
      ]),
    { viewport, bypassCSP: true },
  );
}

export const scenarios = [
  ...atBothSizes('leader: a late step needs a reason, shown on the late list in working days', lateWithReason),
  ...atBothSizes('leader: every dashboard count opens a list; dates checked in place; units from the tree', dashboardDrillDown),
  ...atBothSizes('leader: accessibility (axe-core) of the late list, the dashboard and its lists', leaderAxe),
];
