// desk.mjs — the counter and the leader at work (issue #14, items 9–17): the receptionist's
// papers checklist, the receipt printed in one action, the counter's queues, the return that
// needs a result, the leader's late list and the tracking book. Each scenario runs at desk
// width and at phone width (two entries in the list), and checks its pages with axe-core.
// The reception path is measured in clicks and keystrokes (docs/ux.md).
import {
  BASE,
  act,
  asOfficer,
  atBothSizes,
  axeViolations,
  check,
  confirmIfAsked,
  fail,
  heading,
  receiveAtCounter,
  savePdf,
  shoot,
  submit,
} from '../lib.mjs';

// The returning applicant of these scenarios: one CCCD, not the one of scenarios.mjs.
const PERSON = {
  name: 'Trần Thị Bình',
  id: '079190004321',
  birth: '1990-03-02',
  birthKeys: '02031990',
  phone: '0987654321',
  address: 'Ấp Phước Hưng, xã Thạnh Hòa',
};

async function pickProcedure(page, counted) {
  await page.goto(`${BASE}/desk/tiep-nhan`);
  await heading(page, 'Tiếp nhận hồ sơ');
  const box = page.getByRole('searchbox', { name: 'Tên hoặc mã thủ tục' });
  await box.focus();
  await counted.type('khai sinh');
  await Promise.all([page.waitForEvent('load'), counted.press('Enter')]);
  const pick = page.getByRole('link', { name: /^\S+ Đăng ký khai sinh$/ });
  await Promise.all([page.waitForURL(/procedure=/), counted.click(pick)]);
}

// Keys and clicks the scenario makes, counted as a person would make them: one keystroke per
// character typed (Vietnamese letters as one, as a keyboard with an input method shows them
// composed), one per Tab, Space or Enter, one per click.
function counter(page) {
  const n = { keys: 0, clicks: 0 };
  return {
    n,
    async type(text) {
      await page.keyboard.type(text);
      n.keys += [...text].length;
    },
    async press(key) {
      await page.keyboard.press(key);
      n.keys++;
    },
    async click(locator) {
      await locator.click();
      n.clicks++;
    },
    // Tabs forward until the field with this id has the focus.
    async tabTo(id) {
      for (let i = 0; i < 30; i++) {
        if ((await page.evaluate(() => document.activeElement?.id)) === id) return;
        await this.press('Tab');
      }
      fail(`Tab never reaches #${id}`);
    },
  };
}

// The receptionist's whole path from the empty reception screen to the printed receipt, by
// keyboard as at the counter. Returns the dossier code and what it took.
async function receiveByKeyboard(page, context, person, shotName) {
  const counted = counter(page);
  await pickProcedure(page, counted);
  const fields = [
    ['applicant_name', person.name],
    ['applicant_id_number', person.id],
    ['applicant_birth_date', person.birthKeys],
    ['applicant_phone', person.phone],
    ['applicant_address', person.address],
  ];
  for (const [id, text] of fields) {
    await counted.tabTo(id);
    await counted.type(text);
  }
  await counted.tabTo('complete');
  await counted.press('Space');
  if (shotName) await shoot(page, `${shotName}-form`);
  await Promise.all([page.waitForURL(/\/desk\/ho-so\/[^/?]+/), counted.press('Enter')]);
  const code = decodeURIComponent(new URL(page.url()).pathname.split('/').pop());
  await heading(page, `Hồ sơ ${code}`);
  // One key prints: the receipt is the focused button.
  const focused = await page.evaluate(() => document.activeElement?.getAttribute('href') || '');
  check(/\/mau\/1$/.test(focused), `after acceptance the focus is not on the receipt (it is on "${focused}")`);
  const [popup] = await Promise.all([context.waitForEvent('page'), counted.press('Enter')]);
  await popup.close().catch(() => {});
  const text = await savePdf(context, focused, 'desk-receipt');
  check(text.includes(code) && text.includes(person.name), 'the receipt lacks the code or the name');
  return { code, ...counted.n };
}

// Item 9: the checklist starts unticked; Enter does not accept papers nobody checked; one tick
// of "Đủ thành phần" does. Item 11: the acceptance page prints the receipt with one key.
async function checklistUnticked(browser, viewport, size) {
  return asOfficer(browser, 'receptionist', `desk-checklist-${size}`, async (page) => {
      const counted = counter(page);
      await pickProcedure(page, counted);
      const counts = await page.locator('#checklist input.count').evaluateAll((xs) => xs.map((x) => x.value));
      check(counts.length > 0 && counts.every((v) => v === '0'), `the checklist starts at ${counts.join(', ')}, not 0`);
      check(!(await page.getByLabel(/^Đủ thành phần/).isChecked()), '"Đủ thành phần" starts ticked');
      await page.getByLabel('Họ và tên / Tên tổ chức').fill(PERSON.name);
      await page.getByLabel('Số CCCD (cá nhân) hoặc mã số thuế (tổ chức)').fill(PERSON.id);
      const address = page.getByLabel('Địa chỉ');
      await address.fill(PERSON.address);
      await Promise.all([page.waitForEvent('load'), address.press('Enter')]);
      check(new URL(page.url()).pathname === '/desk/tiep-nhan', `Enter with nothing checked went to ${page.url()}`);
      const summary = await page.locator('.error-summary').innerText();
      check(/Đủ thành phần/.test(summary), `no error about the unchecked papers: ${summary}`);
      check((await page.getByLabel('Họ và tên / Tên tổ chức').inputValue()) === PERSON.name, 'the name typed was lost');
      await shoot(page, `desk-09-unchecked-${size}`);
      await page.getByLabel(/^Đủ thành phần/).check();
      await submit(page, page.getByLabel('Địa chỉ'), /^\/desk\/ho-so\/[^/]+$/, 'Enter');
      await page.locator('.print-first a').waitFor();
      await shoot(page, `desk-11-accepted-${size}`);
      return 'Enter with an unticked checklist asks for the check; "Đủ thành phần" + Enter accepts';
    },
    { viewport },
  );
}

// The measured path (docs/ux.md): a new applicant, by keyboard, to the receipt PDF.
async function measuredReception(browser, viewport, size) {
  return asOfficer(browser, 'receptionist', `desk-measure-${size}`, async (page, context) => {
      const person = { ...PERSON, id: size === '1366' ? '079190004322' : '079190004323' };
      const got = await receiveByKeyboard(page, context, person, `desk-11-measure-${size}`);
      await shoot(page, `desk-11-receipt-focus-${size}`);
      return `dossier ${got.code} accepted and its receipt printed with ${got.clicks} click(s) and ${got.keys} keystrokes`;
    },
    { viewport },
  );
}

// A dossier of PERSON received at the counter with the outcome of that button; its code.
function receive(browser, idNumber, outcome = 'Tiếp nhận') {
  return receiveAtCounter(browser, PERSON, idNumber, outcome);
}

// A dossier taken by the specialist and the leader to "Đã có kết quả".
async function resultReady(browser, idNumber) {
  const code = await receive(browser, idNumber);
  await act(browser, 'specialist', code, 'advance');
  await act(browser, 'leader', code, 'advance');
  return code;
}

// Item 12: the counter's home page shows its queues with counts, each linking to its list,
// and the list holds as many dossiers as the count says.
async function counterQueues(browser, viewport, size) {
  const waiting = await receive(browser, size === '1366' ? '079190005001' : '079190005002', 'Yêu cầu bổ sung');
  const ready = await resultReady(browser, size === '1366' ? '079190005003' : '079190005004');
  return asOfficer(browser, 'receptionist', `desk-queues-${size}`, async (page) => {
      await page.goto(`${BASE}/desk`);
      const panel = page.getByRole('region', { name: 'Việc tại Bộ phận Một cửa' });
      await panel.waitFor();
      await shoot(page, `desk-12-home-${size}`);
      const seen = [];
      for (const label of ['Chờ tiếp nhận', 'Đến hạn hôm nay', 'Kết quả chờ trả']) {
        await page.goto(`${BASE}/desk`);
        const link = panel.getByRole('link', { name: new RegExp(`^\\d+ ${label}$`) });
        const count = Number((await link.innerText()).match(/^\d+/)[0]);
        await Promise.all([page.waitForURL(/\/desk\/ho-so\?hang=/), link.click()]);
        await page.getByRole('heading', { level: 2, name: new RegExp(`^${label}`) }).waitFor();
        const rows = await page.locator('table.dossiers').first().locator('tbody tr').count();
        check(rows === count, `"${label}" says ${count} but lists ${rows}`);
        const expected = { 'Chờ tiếp nhận': waiting, 'Kết quả chờ trả': ready }[label];
        if (expected) await page.getByRole('link', { name: expected }).waitFor();
        seen.push(`${label} ${count}`);
      }
      await shoot(page, `desk-12-queue-${size}`);
      return seen.join(', ');
    },
    { viewport },
  );
}

// Item 14: no return without the result; a returned dossier offers no uploads or postal form.
async function returnNeedsResult(browser, viewport, size) {
  const code = await resultReady(browser, size === '1366' ? '079190006001' : '079190006002');
  return asOfficer(browser, 'receptionist', `desk-return-${size}`, async (page) => {
      await page.goto(`${BASE}/desk/ho-so/${encodeURIComponent(code)}`);
      const form = page.locator('form#act-return');
      await Promise.all([page.waitForEvent('load'), form.getByRole('button').click()]);
      const summary = await page.locator('.error-summary').innerText();
      check(/số và ngày của văn bản kết quả/.test(summary), `returning without a result was not refused: ${summary}`);
      await shoot(page, `desk-14-no-result-${size}`);
      await form.getByLabel('Số văn bản kết quả').fill('15/QĐ-UBND');
      await form.getByLabel('Ngày ký văn bản kết quả').fill('2026-01-05');
      await submit(page, form.getByRole('button'), /^\/desk\/ho-so\//);
      check(await confirmIfAsked(page, /^\/desk\/ho-so\//), 'the return did not ask once more');
      await page.locator('.dossier-status', { hasText: 'Đã trả kết quả' }).waitFor();
      await page.getByText('Kết quả giấy số 15/QĐ-UBND ngày 05/01/2026').first().waitFor();
      check((await page.locator('form#files').count()) === 0, 'a returned dossier still offers an upload');
      check((await page.locator('#buu-chinh form').count()) === 0, 'a returned dossier still offers a postal handover');
      await shoot(page, `desk-14-returned-${size}`);
      return `${code}: refused without a result, returned with paper result 15/QĐ-UBND; no upload or postal form after`;
    },
    { viewport },
  );
}

// Item 16: the tracking book from the desk menu, its period checked in place.
async function trackingBook(browser, viewport, size) {
  return asOfficer(browser, 'receptionist', `desk-book-${size}`, async (page, context) => {
      await page.goto(`${BASE}/desk`);
      await Promise.all([page.waitForURL(/\/desk\/so-theo-doi$/), page.getByRole('link', { name: 'Sổ theo dõi' }).click()]);
      await heading(page, 'Sổ theo dõi hồ sơ');
      await page.getByLabel('Từ ngày').fill('2026-12-31');
      await page.getByLabel('Đến ngày').fill('2026-01-01');
      await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Mở sổ' }).click()]);
      const said = await page.locator('.field-error').allInnerTexts();
      check(said.length > 0, 'a period that ends before it starts was not refused');
      await shoot(page, `desk-16-book-error-${size}`);
      await page.getByLabel('Từ ngày').fill('2026-01-01');
      await page.getByLabel('Đến ngày').fill('2026-12-31');
      const href = await page.locator('form').last().evaluate((f) => `${f.action}?${new URLSearchParams(new FormData(f))}`);
      const text = await savePdf(context, href, `desk-book-${size}`);
      check(text.length > 0, 'the tracking book PDF is empty');
      return `menu → form → PDF (${text.length} characters); a reversed period refused: ${said[0]}`;
    },
    { viewport },
  );
}

// Item 10: a returning applicant is recognised by the CCCD: with JavaScript when the field is
// left, without it through "Tìm theo CCCD", keeping what was typed.
async function returningApplicant(browser, viewport, size) {
  const idNumber = size === '1366' ? '079190007001' : '079190007002';
  const first = await receive(browser, idNumber);
  const expectFilled = async (page) => {
    await page.locator('#known').waitFor();
    check((await page.getByLabel('Họ và tên / Tên tổ chức').inputValue()) === PERSON.name, 'the name was not filled');
    check((await page.getByLabel('Ngày sinh').inputValue()) === PERSON.birth, 'the birth date was not filled');
    check((await page.getByLabel('Điện thoại').inputValue()) === PERSON.phone, 'the phone was not filled');
    check((await page.getByLabel('Địa chỉ').inputValue()) === PERSON.address, 'the address was not filled');
    check((await page.locator('#known').innerText()).includes(first), 'the notice does not name the earlier dossier');
  };
  await asOfficer(browser, 'receptionist', `desk-known-js-${size}`, async (page) => {
      await page.goto(`${BASE}/desk/tiep-nhan?procedure=1.001193`);
      check(!(await page.getByRole('button', { name: 'Tìm theo CCCD' }).isVisible()), 'with JavaScript the button stays');
      const id = page.getByLabel('Số CCCD (cá nhân) hoặc mã số thuế (tổ chức)');
      await id.focus();
      await page.keyboard.type(idNumber);
      await page.keyboard.press('Tab');
      await expectFilled(page);
      await shoot(page, `desk-10-known-js-${size}`);
    },
    { viewport },
  );
  await asOfficer(browser, 'receptionist', `desk-known-nojs-${size}`, async (page) => {
      await page.goto(`${BASE}/desk/tiep-nhan?procedure=1.001193`);
      await page.getByLabel('Thư điện tử').fill('binh@example.vn');
      await page.getByLabel('Số CCCD (cá nhân) hoặc mã số thuế (tổ chức)').fill(idNumber);
      await submit(page, page.getByRole('button', { name: 'Tìm theo CCCD' }), /^\/desk\/tiep-nhan$/);
      await expectFilled(page);
      check((await page.getByLabel('Thư điện tử').inputValue()) === 'binh@example.vn', 'what was typed was lost');
      await shoot(page, `desk-10-known-nojs-${size}`);
    },
    { viewport, javaScriptEnabled: false },
  );
  return `CCCD ${idNumber} of ${first} fills name, birth date, phone and address, with and without JavaScript`;
}

// Item 15 (part): the leader's list of what is late or due soon, from the desk menu.
async function leaderLate(browser, viewport, size) {
  const code = await receive(browser, size === '1366' ? '079190008001' : '079190008002');
  return asOfficer(browser, 'leader', `desk-late-${size}`, async (page) => {
      await page.goto(`${BASE}/desk`);
      await Promise.all([page.waitForURL(/\/desk\/tre-han$/), page.getByRole('link', { name: 'Trễ hạn' }).click()]);
      await heading(page, 'Hồ sơ trễ hạn, sắp đến hạn');
      const row = page.locator('table.late tbody tr', { has: page.getByRole('link', { name: code }) });
      await row.waitFor();
      const text = (await row.innerText()).replace(/\s+/g, ' ');
      check(/Chuyên viên|Lãnh đạo|Trần|Nguyễn|Lê|Phạm/.test(text), `no holder shown: ${text}`);
      check(/Trễ \d+ ngày|Sắp đến hạn/.test(text), `no lateness shown: ${text}`);
      await shoot(page, `desk-15-late-${size}`);
      return `leader sees ${code}: ${text}`;
    },
    { viewport },
  );
}

async function deskAxe(browser, viewport, size, who, paths) {
  return asOfficer(browser, who, `desk-axe-${size}`, async (page) => {
    return axeViolations(page, paths);
  }, { viewport, bypassCSP: true });
}

export const scenarios = [
  ...atBothSizes('counter: the checklist starts unticked; "Đủ thành phần" then Enter accepts', checklistUnticked),
  ...atBothSizes('counter: a new applicant to the printed receipt, measured in keys and clicks', measuredReception),
  ...atBothSizes("counter: the home page shows the counter's queues with counts, each opening its list", counterQueues),
  ...atBothSizes('counter: no return without a result; nothing to upload or post once returned', returnNeedsResult),
  ...atBothSizes('counter: the tracking book from the desk menu, its period checked in place', trackingBook),
  ...atBothSizes('counter: a returning applicant is filled in from the CCCD, with and without JavaScript', returningApplicant),
  ...atBothSizes('leader: what is late or due soon, where and with whom, from the desk menu', leaderLate),
  ...atBothSizes('leader: accessibility (axe-core) of the late list', (b, v, s) => deskAxe(b, v, s, 'leader', ['/desk', '/desk/tre-han'])),
  ...atBothSizes('counter: accessibility (axe-core) of the reception pages', (b, v, s) =>
    deskAxe(b, v, s, 'receptionist', ['/desk', '/desk/tiep-nhan?procedure=1.001193', '/desk/ho-so?hang=tra-ket-qua', '/desk/so-theo-doi'])),
];
