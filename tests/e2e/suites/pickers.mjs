// pickers.mjs — the desk chooses people and units from lists and asks once more before acting
// (issue #14, items 3, 4 and 13): the leader gives a dossier to a specialist picked by name;
// the specialist asks another unit picked from the tree; a refusal shows what will happen and
// is only taken when confirmed; the counter form shows every problem at once with the focus
// on the summary; the admin enters a holiday notice as fields and grants a role at a unit
// picked from a list. Each scenario runs at desk width and at phone width and checks the
// pages it fills with axe-core.
import { AXE_PATH, BASE, DESK, PHONE, USERS, as, check, confirmIfAsked, login, shoot, submit } from '../lib.mjs';

// One sign-in per person for the whole suite, as desk.mjs does.
const sessions = {};
async function asOfficer(browser, who, name, task, options = {}) {
  if (!sessions[who])
    sessions[who] = await as(browser, `pickers-login-${who}`, async (page, context) => {
      await login(page, USERS[who]);
      return context.storageState();
    });
  return as(browser, name, task, { bypassCSP: true, ...options, storageState: sessions[who] });
}

// axe-core on the page as it is (a page that answers a form cannot be opened again by URL).
async function axeHere(page, what) {
  await page.addScriptTag({ path: AXE_PATH });
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  for (const v of result.violations) console.log(`      axe ${what}: ${v.id} (${v.impact}) — ${v.help}: ${v.nodes[0].target.join(' ')}`);
  check(serious.length === 0, `${what}: ${serious.map((v) => v.id).join(', ')}`);
  return result.passes.length;
}

const sizes = [
  ['1366', DESK],
  ['390', PHONE],
];
function atBothSizes(name, fn) {
  return sizes.map(([label, viewport]) => [`${name} (${label})`, (browser) => fn(browser, viewport, label)]);
}

// A birth registration accepted at the commune counter for this applicant; its code.
let serial = 0;
async function received(browser, name) {
  serial++;
  return asOfficer(browser, 'receptionist', `pickers-receive-${serial}`, async (page) => {
    await page.goto(`${BASE}/desk/tiep-nhan?procedure=1.001193`);
    await page.getByLabel('Họ và tên / Tên tổ chức').fill(name);
    await page.getByLabel('Số CCCD (cá nhân) hoặc mã số thuế (tổ chức)').fill(`07919000${String(7000 + serial)}`);
    await page.getByLabel(/^Đủ thành phần/).check();
    await submit(page, page.getByRole('button', { name: 'Tiếp nhận', exact: true }), /^\/desk\/ho-so\/[^/]+$/);
    return decodeURIComponent(new URL(page.url()).pathname.split('/').pop());
  });
}

// The summary has the focus, says how many problems, and each link leads to a field there.
async function summaryLeadsToFields(page, atLeast) {
  const focused = await page.evaluate(() => document.activeElement?.classList.contains('error-summary'));
  check(focused, 'the error summary does not have the focus');
  const hrefs = await page.locator('.error-summary a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  check(hrefs.length >= atLeast, `the summary lists ${hrefs.length} problems, not at least ${atLeast}`);
  for (const href of hrefs) check((await page.locator(href).count()) === 1, `the summary's link ${href} leads nowhere`);
  return hrefs;
}

// Item 13: the leader gives the dossier to a specialist chosen by name, not by user name.
async function assignFromList(browser, viewport, size) {
  const code = await received(browser, `Lê Văn Giao ${size}`);
  return asOfficer(browser, 'leader', `pickers-assign-${size}`, async (page) => {
    await page.goto(`${BASE}/desk/ho-so/${encodeURIComponent(code)}`);
    const form = page.locator('form#act-assign');
    const pick = form.getByLabel('Giao cho');
    check((await pick.evaluate((el) => el.tagName)) === 'SELECT', '"Giao cho" is not a list');
    const offered = await pick.locator('option').allInnerTexts();
    check(offered.some((o) => o.startsWith('Đặng Thị Hoa')), `the step's specialist is not offered: ${offered.join(' | ')}`);
    check(!offered.some((o) => o.startsWith('Lê Minh Tuấn')), 'a specialist of another unit is offered');
    await pick.selectOption({ label: offered.find((o) => o.startsWith('Đặng Thị Hoa')) });
    const rules = await axeHere(page, 'dossier page');
    await shoot(page, `pickers-13-assign-${size}`);
    await submit(page, form.getByRole('button'), /^\/desk\/ho-so/);
    await page.getByRole('status').filter({ hasText: 'Đã thực hiện' }).waitFor();
    return `${code} given to ${offered.find((o) => o.startsWith('Đặng Thị Hoa'))} from a list of ${offered.length - 1}; axe ${rules} rules`;
  }, { viewport });
}

// Item 13: the specialist asks a unit chosen from the tree; nothing chosen is said in place.
async function consultFromList(browser, viewport, size) {
  const code = await received(browser, `Phạm Thị Hỏi ${size}`);
  return asOfficer(browser, 'specialist', `pickers-consult-${size}`, async (page) => {
    await page.goto(`${BASE}/desk/ho-so/${encodeURIComponent(code)}`);
    const unit = page.getByLabel('Đơn vị được xin ý kiến');
    check((await unit.evaluate((el) => el.tagName)) === 'SELECT', 'the consulted unit is not a list');
    await page.getByLabel('Nội dung xin ý kiến').fill('Xin ý kiến về trích lục cũ');
    await submit(page, page.getByRole('button', { name: 'Gửi xin ý kiến' }), /\/tham-van$/);
    await summaryLeadsToFields(page, 1);
    check((await page.getByLabel('Nội dung xin ý kiến').inputValue()) === 'Xin ý kiến về trích lục cũ', 'the question typed was lost');
    const rules = await axeHere(page, 'consultation refused');
    await shoot(page, `pickers-13-consult-error-${size}`);
    const labels = await unit.locator('option').allInnerTexts();
    const justice = labels.find((l) => /Tư pháp/.test(l));
    check(justice, `no justice office to ask: ${labels.join(' | ')}`);
    await unit.selectOption({ label: justice });
    await submit(page, page.getByRole('button', { name: 'Gửi xin ý kiến' }), /^\/desk\/ho-so\/[^/]+$/);
    await page.getByText('Đã gửi xin ý kiến đơn vị').waitFor();
    return `${code}: nothing chosen refused in place; asked "${justice.trim()}" from ${labels.length - 1} units; axe ${rules} rules`;
  }, { viewport });
}

// Item 3: a refusal says what will happen; "Không" leaves the dossier as it was; confirmed, it is refused.
async function refuseAsksOnceMore(browser, viewport, size) {
  const code = await received(browser, `Trương Văn Từ ${size}`);
  return asOfficer(browser, 'specialist', `pickers-refuse-${size}`, async (page) => {
    const open = async () => {
      await page.goto(`${BASE}/desk/ho-so/${encodeURIComponent(code)}`);
      const form = page.locator('form#act-refuse');
      await form.getByLabel('Lý do từ chối').fill('Không thuộc thẩm quyền của xã');
      await submit(page, form.getByRole('button'), /\/hanh-dong$/);
    };
    await open();
    const says = await page.locator('.confirm-box').innerText();
    check(/từ chối giải quyết/.test(says) && /Không thuộc thẩm quyền của xã/.test(says) && /không thể hoàn tác/.test(says),
      `the confirmation does not say what will happen: ${says.replace(/\s+/g, ' ')}`);
    const rules = await axeHere(page, 'refusal confirmation');
    await shoot(page, `pickers-03-refuse-confirm-${size}`);
    await Promise.all([page.waitForURL(/\/desk\/ho-so\/[^/]+$/), page.getByRole('link', { name: 'Không, quay lại hồ sơ' }).click()]);
    await page.locator('.dossier-status', { hasText: 'Đang xử lý' }).waitFor();
    await open();
    check(await confirmIfAsked(page, /^\/desk\/ho-so\/[^/]+$/), 'no confirmation the second time');
    await page.getByRole('status').filter({ hasText: 'Từ chối giải quyết' }).waitFor();
    check(/từ chối giải quyết/.test(await page.locator('.dossier-head').innerText()), 'the dossier does not say it was refused');
    return `${code}: asked once more, kept when declined, refused when confirmed; axe ${rules} rules`;
  }, { viewport });
}

// Item 4: the counter form shows every problem at once, the focus on the summary, typed values kept.
async function counterAllErrors(browser, viewport, size) {
  return asOfficer(browser, 'receptionist', `pickers-counter-errors-${size}`, async (page) => {
    await page.goto(`${BASE}/desk/tiep-nhan?procedure=1.001193`);
    await page.getByLabel('Số CCCD (cá nhân) hoặc mã số thuế (tổ chức)').fill('12345');
    await page.getByLabel('Điện thoại').fill('0123');
    await page.getByLabel('Thư điện tử').fill('khong-phai-thu');
    const address = page.getByLabel('Địa chỉ');
    await address.fill('Ấp Phước Hưng');
    await submit(page, address, /^\/desk\/tiep-nhan$/, 'Enter');
    const hrefs = await summaryLeadsToFields(page, 5);
    for (const id of ['#applicant_name', '#applicant_id_number', '#applicant_phone', '#applicant_email', '#complete'])
      check(hrefs.includes(id), `the summary does not link to ${id}: ${hrefs.join(' ')}`);
    check((await page.getByLabel('Thư điện tử').inputValue()) === 'khong-phai-thu', 'the e-mail typed was lost');
    check((await address.inputValue()) === 'Ấp Phước Hưng', 'the address typed was lost');
    const rules = await axeHere(page, 'reception with errors');
    await shoot(page, `pickers-04-counter-errors-${size}`);
    return `${hrefs.length} problems at once, each linked to its field, focus on the summary; axe ${rules} rules`;
  }, { viewport });
}

// Item 13: a holiday notice as fields; a role granted at a unit picked from the tree.
async function adminForms(browser, viewport, size) {
  const day = size === '1366' ? '01' : '02';
  return asOfficer(browser, 'admin', `pickers-admin-${size}`, async (page) => {
    await page.goto(`${BASE}/desk/lich?year=2035`);
    check((await page.locator('textarea#year_json').count()) === 0, 'the calendar still asks for pasted JSON');
    const form = page.locator('form[action="/desk/lich/van-ban"]');
    await form.getByLabel(/^Từ ngày/).fill('2035-06-01');
    await submit(page, form.getByRole('button'), /\/desk\/lich\/van-ban$/);
    const hrefs = await summaryLeadsToFields(page, 3);
    let rules = await axeHere(page, 'notice with errors');
    await shoot(page, `pickers-13-notice-errors-${size}`);
    const again = page.locator('form[action="/desk/lich/van-ban"]');
    await again.getByLabel(/^Từ ngày/).fill(`${day}/06/2035`);
    await again.getByLabel('Loại ngày').selectOption('off');
    await again.getByLabel('Văn bản: số hiệu, ngày ban hành').fill(`Thông báo ${day}/TB-BNV ngày 01/03/2035`);
    await again.getByLabel(/^Tên ngày nghỉ/).fill('Nghỉ theo thông báo');
    await submit(page, again.getByRole('button'), /\/desk\/lich\/van-ban$/);
    await page.getByRole('status').filter({ hasText: 'Đã thêm văn bản' }).waitFor();
    await page.getByText(`Thông báo ${day}/TB-BNV ngày 01/03/2035`).first().waitFor();
    await page.goto(`${BASE}/desk/users`);
    const unit = page.locator('select#unit');
    const units = await unit.locator('option').allInnerTexts();
    check(units.length > 5, `the new account's unit offers ${units.length} choices`);
    rules += await axeHere(page, 'users');
    await shoot(page, `pickers-13-users-${size}`);
    return `notice refused with ${hrefs.length} problems at once, then added for ${day}/06/2035; users page offers ${units.length - 1} units; axe ${rules} rules`;
  }, { viewport });
}

export const scenarios = [
  ...atBothSizes('leader: a dossier is given to a specialist chosen from a list', assignFromList),
  ...atBothSizes('specialist: another unit is asked, chosen from the tree', consultFromList),
  ...atBothSizes('specialist: a refusal says what will happen and is taken only when confirmed', refuseAsksOnceMore),
  ...atBothSizes('counter: every problem of the form at once, the focus on the summary', counterAllErrors),
  ...atBothSizes('admin: a holiday notice as a form; a role granted at a unit from a list', adminForms),
];
