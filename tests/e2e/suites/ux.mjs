// ux.mjs — the leftovers of issue #14 (usability), each at desk width and at phone width with
// its pages through axe-core: the dashboard's counts of returned, digitised and e-result
// dossiers and of ratings open their lists of dossiers; the counter's return of the result,
// once its step is late, asks why (and is refused without it, beside the field); the users
// page offers the roles the service knows (and fits a phone, its table stacked); and on a
// phone the drill-down list comes in pages of 20 whose paging links work.
import {
  BASE,
  act,
  asOfficer,
  atBothSizes,
  axeViolations,
  check,
  confirmIfAsked,
  heading,
  makeLate,
  receiveAtCounter,
  shoot,
  submit,
} from '../lib.mjs';

const YEAR = new Date().getFullYear();
const PERSON = { name: 'Lý Thị Hẹn', birth: '1988-07-14', phone: '0987650777', address: 'Ấp Vĩnh Đông, xã Thạnh Hòa' };

// The kinds of count added to the links (their titles are the service's, stats_drill.c).
const KINDS = {
  returned: 'Hồ sơ đã trả kết quả',
  digitised: 'Hồ sơ đã giải quyết có tệp thành phần',
  e_result: 'Hồ sơ đã giải quyết có kết quả điện tử',
  rated: 'Hồ sơ được người dân đánh giá',
  dissatisfied: 'Hồ sơ bị đánh giá không hài lòng',
};

// Item 15 (every count drills down): the new kinds of count are links to HTML lists.
async function factCountsDrillDown(browser, viewport, size) {
  return asOfficer(
    browser,
    'leader',
    `ux-counts-${size}`,
    async (page) => {
      await page.goto(`${BASE}/desk/thong-ke?from=01/01/${YEAR}`);
      await heading(page, 'Thống kê hồ sơ thủ tục hành chính');
      const seen = [];
      for (const [kind, title] of Object.entries(KINDS)) {
        const links = page.locator(`table.data a[href*="timing=${kind}&"]`);
        const n = await links.count();
        if (kind === 'returned') check(n > 0, 'no count of returned dossiers is a link');
        if (!n) continue;
        const count = Number((await links.last().innerText()).replace(/\./g, ''));
        const href = await links.last().getAttribute('href');
        await page.goto(`${BASE}${href}`);
        await heading(page, title);
        const total = Number((await page.locator('p.lead strong').innerText()).replace(/\./g, ''));
        check(total === count, `${kind}: the dashboard says ${count}, the list ${total}`);
        if (kind === 'returned') await shoot(page, `ux-15-returned-list-${size}`);
        seen.push(`${kind} ${count}`);
        await page.goto(`${BASE}/desk/thong-ke?from=01/01/${YEAR}`);
      }
      return `lists equal to their counts: ${seen.join(', ')}`;
    },
    { viewport },
  );
}

// Item 15 (a reason when a late step is finished): the counter's return step, late, asks why.
async function lateReturnNeedsReason(browser, viewport, size) {
  const code = await receiveAtCounter(browser, PERSON, size === '1366' ? '079188007701' : '079188007702');
  await act(browser, 'specialist', code, 'advance');
  await act(browser, 'leader', code, 'advance');
  makeLate(code); // the result has waited at the counter for a month
  const reason = 'Người nộp hẹn đến nhận sau kỳ nghỉ';
  return asOfficer(
    browser,
    'receptionist',
    `ux-late-return-${size}`,
    async (page) => {
      await page.goto(`${BASE}/desk/ho-so/${encodeURIComponent(code)}`);
      const form = page.locator('form#act-return');
      const box = form.getByLabel(/Lý do trễ hạn/);
      check((await box.count()) === 1, 'the late return does not ask for a reason');
      await form.getByLabel('Số văn bản kết quả').fill('21/QĐ-UBND');
      await form.getByLabel('Ngày ký văn bản kết quả').fill(`${YEAR}-01-05`);
      await box.evaluate((el) => el.removeAttribute('required')); // as a browser without validation would send it
      await Promise.all([page.waitForEvent('load'), form.getByRole('button').last().click()]);
      const summary = page.locator('.error-summary');
      await summary.waitFor();
      check(/trước khi trả kết quả/.test(await summary.innerText()), 'no error summary about the reason');
      check((await page.locator('form#act-return .field-error').count()) >= 1, 'no error beside the field');
      check(
        (await page.locator('form#act-return').getByLabel('Số văn bản kết quả').inputValue()) === '21/QĐ-UBND',
        'the result number typed was lost',
      );
      await shoot(page, `ux-15-late-return-${size}`);
      await page.locator('form#act-return').getByLabel(/Lý do trễ hạn/).fill(reason);
      await submit(page, page.locator('form#act-return').getByRole('button').last(), /^\/desk\/ho-so\//);
      check(await confirmIfAsked(page, /^\/desk\/ho-so\//), 'the return did not ask once more');
      await page.locator('.dossier-status', { hasText: 'Đã trả kết quả' }).waitFor();
      const steps = await page.locator('.steps-table').innerText();
      check(steps.includes(`Lý do trễ hạn: ${reason}`), 'the steps do not show the reason');
      return `${code}: refused without a reason, returned with it; the steps show it`;
    },
    { viewport },
  );
}

// Item 13 / 17: the users page offers every role by its Vietnamese name, from the service.
async function usersOfferRoles(browser, viewport, size) {
  return asOfficer(
    browser,
    'admin',
    `ux-users-${size}`,
    async (page) => {
      await page.goto(`${BASE}/desk/users`);
      await heading(page, 'Người dùng và phân quyền');
      const offered = await page
        .locator('select#role option')
        .evaluateAll((os) => os.map((o) => `${o.value}=${o.textContent}`));
      for (const want of ['receptionist=Cán bộ một cửa', 'leader=Lãnh đạo', 'auditor=Kiểm tra, giám sát', 'citizen=Công dân'])
        check(offered.includes(want), `the new account does not offer ${want}: ${offered.join(', ')}`);
      const grant = await page
        .locator('select[id^="role-"]')
        .first()
        .locator('option')
        .evaluateAll((os) => os.map((o) => o.value));
      check(grant.length >= 5 && !grant.includes('citizen'), `the grant offers ${grant.join(', ')}`);
      if (size === '390') {
        const wide = await page.evaluate(() => document.documentElement.scrollWidth);
        check(wide <= 390, `the users page is ${wide} px wide on a 390 px phone`);
      }
      await shoot(page, `ux-13-users-${size}`);
      return `${offered.length - 1} roles on a new account, ${grant.length} on a grant`;
    },
    { viewport },
  );
}

// At least `want` dossiers received this year at the leader's commune, so that a list has a
// second page on a phone: the missing ones received at the counter, in one sitting.
async function ensureDossiers(browser, want) {
  const have = await asOfficer(browser, 'leader', 'ux-count', async (page) => {
    await page.goto(`${BASE}/desk/thong-ke/ho-so?from=01/01/${YEAR}&n=50`);
    return Number((await page.locator('p.lead strong').innerText()).replace(/\./g, ''));
  });
  if (have >= want) return have;
  await asOfficer(browser, 'receptionist', 'ux-receive-many', async (page) => {
    for (let i = have; i < want; i++) {
      await page.goto(`${BASE}/desk/tiep-nhan?procedure=1.001193`);
      await page.getByLabel('Họ và tên / Tên tổ chức').fill(`${PERSON.name} ${i}`);
      await page.getByLabel('Số CCCD (cá nhân) hoặc mã số thuế (tổ chức)').fill(`0791880080${String(i).padStart(2, '0')}`);
      await page.getByLabel('Ngày sinh').fill(PERSON.birth);
      await page.getByLabel('Điện thoại').fill(PERSON.phone);
      await page.getByLabel('Địa chỉ').fill(PERSON.address);
      await page.getByLabel(/^Đủ thành phần/).check();
      await submit(page, page.getByRole('button', { name: 'Tiếp nhận', exact: true }), /^\/desk\/ho-so\/[^/]+$/);
    }
  });
  return want;
}

// Item 15 on a phone: the drill-down list in pages of 20 (drill.js asks for ?n=20), paging on.
async function drillPagesOnPhone(browser, viewport, size) {
  return asOfficer(
    browser,
    'leader',
    `ux-drill-pages-${size}`,
    async (page) => {
      await ensureDossiers(browser, 23);
      await page.goto(`${BASE}/desk/thong-ke/ho-so?from=01/01/${YEAR}`);
      await heading(page, 'Hồ sơ tiếp nhận');
      if (size === '390') await page.waitForURL(/[?&]n=20/);
      const per = size === '390' ? 20 : 50;
      const total = Number((await page.locator('p.lead strong').innerText()).replace(/\./g, ''));
      const rows = page.locator('table.dossiers tbody tr');
      check((await rows.count()) === Math.min(per, total), `page 1 shows ${await rows.count()} of ${total}, not ${per} a page`);
      check((await page.locator('.page-size [aria-current="true"]').innerText()) === String(per), 'the page size is not said');
      const pages = Math.ceil(total / per);
      check(size === '1366' || pages > 1, `${total} dossiers make one page on a phone`);
      check((await page.locator('.pager').innerText()).includes(`Trang 1 / ${pages}`), 'the pager does not say the pages');
      if (pages > 1) {
        const first = await rows.first().locator('td[data-label="Mã hồ sơ"]').innerText();
        await Promise.all([page.waitForURL(/page=2/), page.getByRole('link', { name: 'Trang sau →' }).click()]);
        check(size === '1366' || /[?&]n=20/.test(page.url()), `paging lost the size: ${page.url()}`);
        check((await rows.count()) === Math.min(per, total - per), 'page 2 has the wrong number of rows');
        const second = await rows.first().locator('td[data-label="Mã hồ sơ"]').innerText();
        check(second !== first, 'page 2 shows page 1 again');
        check((await page.locator('.pager').innerText()).includes(`Trang 2 / ${pages}`), 'page 2 does not say so');
        await Promise.all([page.waitForURL(/page=1/), page.getByRole('link', { name: '← Trang trước' }).click()]);
      }
      if (size === '390') {
        // the phone's own screenshot, as the phone asked for it (shoot() takes both widths)
        await page.screenshot({ path: `${process.env.MOTCUA_E2E_ARTIFACTS}/ux-15-drill-phone-390.png`, fullPage: true });
      }
      await shoot(page, `ux-15-drill-pages-${size}`);
      return `${total} dossiers in ${pages} page(s) of ${per}; paging keeps the size`;
    },
    { viewport },
  );
}

async function uxAxe(browser, viewport, size) {
  const leader = await asOfficer(
    browser,
    'leader',
    `ux-axe-leader-${size}`,
    async (page) =>
      axeViolations(page, [
        `/desk/thong-ke/ho-so?from=01/01/${YEAR}&timing=returned`,
        `/desk/thong-ke/ho-so?from=01/01/${YEAR}&timing=rated&n=20`,
        `/desk/thong-ke/ho-so?from=01/01/${YEAR}&timing=digitised&page=2`,
      ]),
    { viewport, bypassCSP: true },
  );
  const admin = await asOfficer(browser, 'admin', `ux-axe-admin-${size}`, async (page) => axeViolations(page, ['/desk/users']), {
    viewport,
    bypassCSP: true,
  });
  return `leader: ${leader}; admin: ${admin}`;
}

// The late return comes first: its returned dossier is one the counts then link to.
export const scenarios = [
  ...atBothSizes('counter: a late return step asks for its reason', lateReturnNeedsReason),
  ...atBothSizes('leader: the counts of returned, digitised, e-result and rated dossiers open their lists', factCountsDrillDown),
  ...atBothSizes('admin: the users page offers the roles the service knows', usersOfferRoles),
  ...atBothSizes('leader: the drill-down list in pages of 20 on a phone, paging on', drillPagesOnPhone),
  ...atBothSizes('accessibility (axe-core) of the new lists and the users page', uxAxe),
];
