// citizen.mjs — the citizen's side of issue #14 ("Usable by the real people"), one scenario per
// item, each run twice: at desk size (1366×768) and at phone size (390×844), each time in a
// fresh browser context. The demo citizen signs in once for the whole suite (the login limit
// per address is shared by every suite) and each context starts from that session. Every page
// a scenario looks at is photographed as citizen-<name>-<width>.png and goes through axe-core
// with no violation of any impact allowed; axe runs through page.evaluate, so the page's
// Content-Security-Policy stays in force and the pages are checked as people get them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BASE, ARTIFACTS, DESK, PHONE, CCCD, USERS, AXE_PATH, check, as, submit, login, heading, savePdf, scanPdf } from '../lib.mjs';

const SIZES = [DESK, PHONE];
const AXE = readFileSync(AXE_PATH, 'utf8');
const PROCEDURE = '1.001193'; // Đăng ký khai sinh, offered online in the demo catalogue
const BIRTH = '17/05/2003'; // the birth date the demo CCCD 079203001234 says (2003)

let session = null;

// The demo citizen's signed-in session, made once: a storage state every context starts from.
async function citizenSession(browser) {
  if (!session)
    session = await as(browser, 'citizen-signin', async (page, context) => {
      await login(page, USERS.citizen);
      return context.storageState();
    });
  return session;
}

// Runs task(page, context, size) at desk size and at phone size, each in a fresh context
// (signed in as the demo citizen unless visitor is set); returns both summaries.
async function atBothSizes(browser, name, task, { visitor = false, ...options } = {}) {
  const said = [];
  for (const size of SIZES) {
    const contextOptions = { viewport: size, ...options };
    if (!visitor) contextOptions.storageState = await citizenSession(browser);
    said.push(`${size.width}px: ${await as(browser, `citizen-${name}-${size.width}`, (page, context) => task(page, context, size), contextOptions)}`);
  }
  return said.join(' | ');
}

async function photo(page, name, size) {
  await page.screenshot({ path: join(ARTIFACTS, `citizen-${name}-${size.width}.png`), fullPage: true });
}

// axe-core on the page as it is now; any violation, of any impact, fails.
async function accessible(page, what) {
  await page.evaluate(AXE);
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  const found = result.violations.map((v) => `${v.id} (${v.impact}) ×${v.nodes.length}: ${v.nodes[0].target.join(' ')}`);
  check(found.length === 0, `${what}: axe-core found ${found.join('; ')}`);
}

// Photographs the page and checks it with axe-core.
async function look(page, name, size) {
  await photo(page, name, size);
  await accessible(page, name);
}

// Follows a link and waits for the page it leads to.
async function follow(page, link, expectedPath) {
  await Promise.all([page.waitForURL((url) => expectedPath.test(url.pathname)), link.click()]);
}

// Every same-site link on the page answers, and none with 403 (a citizen is never shown a
// door that is closed to them).
async function linksOpen(page, context) {
  const hrefs = await page.locator('a[href]').evaluateAll((as) => as.map((a) => a.href));
  const own = [...new Set(hrefs.filter((h) => h.startsWith(BASE) && !h.includes('#')))];
  for (const href of own) {
    const res = await context.request.get(href, { maxRedirects: 0 });
    check(res.status() !== 403 && res.status() < 500, `${href} answers ${res.status()}`);
  }
  return own.length;
}

// Starts a fresh online draft of birth registration; returns its path (/ho-so-nhap/N).
async function startDraft(page) {
  await page.goto(`${BASE}/nop-truc-tuyen/${PROCEDURE}`);
  await submit(page, page.getByRole('button', { name: 'Bắt đầu điền hồ sơ' }), /^\/ho-so-nhap\/\d+$/);
  return new URL(page.url()).pathname;
}

const field = {
  cccd: (page) => page.getByLabel('Số CCCD (12 chữ số)'),
  birth: (page) => page.getByLabel('Ngày sinh'),
  phone: (page) => page.getByLabel('Số điện thoại'),
  email: (page) => page.getByLabel('Thư điện tử'),
  address: (page) => page.getByLabel('Địa chỉ'),
  papers: (page) => page.getByRole('group', { name: 'Giấy tờ ông/bà đã có' }).getByRole('checkbox'),
};

// Fills the applicant's part of the draft as a person types it.
async function fillApplicant(page, { cccd = CCCD, birth = BIRTH, phone = '0912345678', address = 'Ấp Thuận Hòa, xã Thạnh Hòa', email = '' } = {}) {
  await field.cccd(page).fill(cccd);
  await field.birth(page).fill('');
  await field.birth(page).pressSequentially(birth);
  await field.phone(page).fill(phone);
  await field.email(page).fill(email);
  await field.address(page).fill(address);
}

// Fills, continues and submits a draft; returns the dossier's code, on its page.
async function submitDossier(page) {
  await startDraft(page);
  await fillApplicant(page);
  for (const box of await field.papers(page).all()) await box.check();
  await submit(page, page.getByRole('button', { name: 'Tiếp tục' }), /^\/ho-so-nhap\/\d+\/xem-lai$/);
  await submit(page, page.getByRole('button', { name: 'Nộp hồ sơ' }), /^\/ho-so-cua-toi\/[^/]+$/);
  return decodeURIComponent(new URL(page.url()).pathname.split('/').pop());
}

// 1. A signed-in citizen reaches their own things from the header, and no link leads to 403.
function headerLeadsHome(browser) {
  return atBothSizes(browser, 'header', async (page, context, size) => {
    await page.goto(`${BASE}/`);
    const nav = page.getByRole('navigation', { name: 'Điều hướng chính' });
    const entries = (await nav.locator('a, button').allInnerTexts()).map((s) => s.trim());
    const want = ['Nộp hồ sơ', 'Hồ sơ của tôi', 'Tra cứu', 'Tài khoản', 'Đăng xuất'];
    check(entries.join(' · ') === want.join(' · '), `the header offers: ${entries.join(' · ')}`);
    await look(page, 'header-home', size);
    let checked = await linksOpen(page, context);
    await follow(page, nav.getByRole('link', { name: 'Hồ sơ của tôi' }), /^\/ho-so-cua-toi$/);
    await heading(page, 'Hồ sơ của tôi');
    check((await nav.getByRole('link', { name: 'Hồ sơ của tôi' }).getAttribute('aria-current')) === 'page', 'the header does not mark the page shown');
    checked += await linksOpen(page, context);
    await follow(page, nav.getByRole('link', { name: 'Tài khoản' }), /^\/tai-khoan$/);
    await heading(page, 'Tài khoản');
    await page.getByText(USERS.citizen[0], { exact: true }).waitFor();
    const zalo = page.getByRole('checkbox', { name: /Zalo/ });
    const was = await zalo.isChecked();
    await zalo.setChecked(!was);
    await submit(page, page.getByRole('button', { name: 'Lưu cách nhận thông báo' }), /^\/tai-khoan$/);
    await page.getByRole('status').filter({ hasText: 'Đã lưu' }).waitFor();
    check((await zalo.isChecked()) === !was, 'the notification choice was not kept');
    await zalo.setChecked(was);
    await submit(page, page.getByRole('button', { name: 'Lưu cách nhận thông báo' }), /^\/tai-khoan$/);
    await page.getByRole('link', { name: 'Đổi mật khẩu' }).waitFor();
    await look(page, 'account', size);
    checked += await linksOpen(page, context);
    return `header ${entries.join(' · ')}; ${checked} links open, none 403; notification choice saved`;
  });
}

// 2. Pressing "Tải tệp lên" in a draft keeps every field typed, and the file.
function uploadKeepsFields(browser) {
  return atBothSizes(browser, 'upload-keeps', async (page, context, size) => {
    await startDraft(page);
    await fillApplicant(page);
    const papers = await field.papers(page).all();
    for (const box of papers) await box.check();
    const picker = page.getByLabel(/^Tải lên tệp cho «Giấy chứng sinh/);
    const paper = (await picker.getAttribute('id')).replace('file_', 'thanh-phan-');
    await picker.setInputFiles({ name: 'giay-chung-sinh.pdf', mimeType: 'application/pdf', buffer: scanPdf('Giay chung sinh') });
    await submit(page, page.getByRole('button', { name: 'Tải tệp lên' }), /^\/ho-so-nhap\/\d+$/);
    await page.locator(`#${paper} .files li`, { hasText: 'giay-chung-sinh.pdf' }).waitFor();
    const kept = {
      cccd: await field.cccd(page).inputValue(),
      birth: await field.birth(page).inputValue(),
      phone: await field.phone(page).inputValue(),
      address: await field.address(page).inputValue(),
    };
    check(kept.cccd === CCCD && kept.birth === BIRTH && kept.phone === '0912345678' && kept.address === 'Ấp Thuận Hòa, xã Thạnh Hòa',
      `after the upload the form shows ${JSON.stringify(kept)}`);
    for (const box of await field.papers(page).all()) check(await box.isChecked(), 'a paper tick was lost by the upload');
    await look(page, 'upload-keeps', size);
    // And resuming later shows the same.
    await page.goto(page.url().split('?')[0]);
    check((await field.cccd(page).inputValue()) === CCCD, 'the CCCD was not saved with the upload');
    return `CCCD, birth date, phone, address and ${papers.length} ticks kept with the file`;
  });
}

// 3. Withdrawing asks once more, on a page of its own that says what will happen.
function withdrawAsks(browser) {
  return atBothSizes(browser, 'withdraw', async (page, context, size) => {
    const code = await submitDossier(page);
    await follow(page, page.getByRole('link', { name: 'Rút hồ sơ' }).or(page.getByRole('button', { name: 'Rút hồ sơ' })).first(), /\/rut$/);
    await heading(page, /Rút hồ sơ/);
    const says = await page.locator('main').innerText();
    check(/không thể hoàn tác|không hủy được|không thể khôi phục/i.test(says), `the confirmation does not say it is final: ${says.replace(/\s+/g, ' ').slice(0, 200)}`);
    await look(page, 'withdraw-confirm', size);
    // Changing one's mind leaves the dossier as it was.
    await follow(page, page.getByRole('link', { name: /Không rút/ }), /^\/ho-so-cua-toi\/[^/]+$/);
    await page.locator('.dossier-status', { hasText: 'Mới đăng ký' }).waitFor();
    await follow(page, page.getByRole('link', { name: 'Rút hồ sơ' }), /\/rut$/);
    await page.getByLabel(/Lý do rút hồ sơ/).fill('Nộp nhầm thủ tục');
    await submit(page, page.getByRole('button', { name: 'Xác nhận rút hồ sơ' }), /^\/ho-so-cua-toi\/[^/]+$/);
    await page.locator('.dossier-status', { hasText: 'Đã rút hồ sơ' }).waitFor();
    await photo(page, 'withdrawn', size);
    return `${code}: asked once more, kept when declined, withdrawn when confirmed`;
  });
}

// 4. Every problem of a step at once, in a summary that takes the focus and links to each field;
// "Tiếp tục" checks the step it leaves.
function everyErrorAtOnce(browser) {
  return atBothSizes(browser, 'errors', async (page, context, size) => {
    await startDraft(page);
    await fillApplicant(page, { cccd: '123', birth: '31/02/2003', phone: '12', email: 'khong-phai-thu' });
    await submit(page, page.getByRole('button', { name: 'Tiếp tục' }), /^\/ho-so-nhap\/\d+$/);
    const summary = page.locator('.error-summary');
    await summary.waitFor();
    const focused = await page.evaluate(() => document.activeElement?.classList.contains('error-summary'));
    check(focused, 'the error summary does not have the focus');
    const links = await summary.getByRole('link').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    for (const want of ['#id_number', '#birth_date', '#phone', '#email'])
      check(links.includes(want), `the summary has no link to ${want}: ${links.join(', ')}`);
    for (const href of links) check((await page.locator(href).count()) === 1, `${href} leads nowhere`);
    check((await page.locator('.field-error').count()) >= 4, 'the errors are not shown beside their fields');
    check((await field.phone(page).inputValue()) === '12', 'what was typed is not shown again to be corrected');
    await look(page, 'errors', size);
    // The summary's link takes the person to the field.
    await summary.getByRole('link').filter({ hasText: /điện thoại/i }).first().click();
    await page.waitForFunction(() => location.hash === '#phone');
    // Right fields, but no CCCD: "Tiếp tục" stays on this step and says what is missing.
    await fillApplicant(page, { cccd: '' });
    await submit(page, page.getByRole('button', { name: 'Tiếp tục' }), /^\/ho-so-nhap\/\d+$/);
    await summary.getByRole('link', { name: /CCCD/ }).waitFor();
    check((await field.birth(page).inputValue()) === BIRTH, 'the corrected birth date was not kept');
    return `${links.length} problems in one summary, focused, each linking to its field; an incomplete step is not left`;
  });
}

// 5. A date typed as Vietnamese write it, in a browser set to English.
function datesTypedTheVietnameseWay(browser) {
  return atBothSizes(browser, 'dates', async (page, context, size) => {
    await startDraft(page);
    const birth = field.birth(page);
    check((await birth.getAttribute('type')) !== 'date', 'the birth date is a browser date picker, whose order follows the browser language');
    check((await birth.getAttribute('inputmode')) === 'numeric', 'the birth date does not bring up the digits keyboard');
    await fillApplicant(page, { birth: '17/05/2003' });
    await submit(page, page.getByRole('button', { name: 'Lưu nháp' }), /^\/ho-so-nhap\/\d+$/);
    check((await birth.inputValue()) === '17/05/2003', `17/05/2003 came back as ${await birth.inputValue()}`);
    await fillApplicant(page, { birth: '7/5/2003' });
    await submit(page, page.getByRole('button', { name: 'Tiếp tục' }), /^\/ho-so-nhap\/\d+\/xem-lai$/);
    await page.getByText('07/05/2003').waitFor();
    await look(page, 'dates-review', size);
    await page.goBack();
    await page.goto(page.url().replace(/\/xem-lai$/, ''));
    await fillApplicant(page, { birth: '31/02/2003' });
    await submit(page, page.getByRole('button', { name: 'Lưu nháp' }), /^\/ho-so-nhap\/\d+$/);
    const said = await page.locator('#birth_date-error').innerText();
    check(said.includes('31/02/2003'), `an impossible date is refused with "${said}"`);
    await look(page, 'dates-impossible', size);
    return `17/05/2003 kept, 7/5/2003 read as 07/05/2003, 31/02/2003 refused: "${said}"`;
  }, { locale: 'en-US' });
}

// 6. After submitting, the page says what happens next.
function saysWhatHappensNext(browser) {
  return atBothSizes(browser, 'next', async (page, context, size) => {
    const code = await submitDossier(page);
    const next = page.getByRole('region', { name: 'Tiếp theo' });
    const text = (await next.innerText()).replace(/\s+/g, ' ');
    check(text.includes(code), `"Tiếp theo" does not repeat the code: ${text}`);
    check(/chậm nhất \d\d:\d\d (ngày )?\d\d\/\d\d\/\d{4}/.test(text), `"Tiếp theo" gives no time for the office's answer: ${text}`);
    check(/(thư điện tử|SMS|tin nhắn|Zalo)/.test(text), `"Tiếp theo" does not say how the citizen will be told: ${text}`);
    await next.getByRole('link', { name: /Hồ sơ của tôi/ }).waitFor();
    const lookup = await next.getByRole('link', { name: /Tra cứu/ }).getAttribute('href');
    check(lookup.includes('/tra-cuu'), `the lookup link is ${lookup}`);
    await look(page, 'next', size);
    return `${code}: ${text.slice(0, 160)}…`;
  });
}

// 8. The public pages: the home page's ways in, an example placeholder, folding filters and
// labelled table cells on a phone, a timeline with each step once, a favicon.
function publicPages(browser) {
  return atBothSizes(browser, 'public', async (page, context, size) => {
    await page.goto(`${BASE}/`);
    for (const [name, path] of [
      [/thủ tục/i, /^\/thu-tuc$/],
      [/Tra cứu/i, /^\/tra-cuu$/],
      [/Thống kê/i, /^\/thong-ke$/],
      [/Hướng dẫn/i, /^\/huong-dan$/],
      [/Đăng ký tài khoản/i, /^\/dang-ky$/],
    ]) {
      const link = page.locator('main').getByRole('link', { name });
      check((await link.count()) > 0, `the home page has no link ${name}`);
      const href = new URL(await link.first().getAttribute('href'), BASE);
      check(path.test(href.pathname), `${name} leads to ${href.pathname}`);
      const res = await context.request.get(href.href);
      check(res.status() === 200, `${href.pathname} answers ${res.status()}`);
    }
    const icon = await page.locator('link[rel="icon"]').getAttribute('href');
    const got = await context.request.get(new URL(icon, BASE).href);
    check(got.ok() && /image\//.test(got.headers()['content-type']), `the favicon ${icon} answers ${got.status()} ${got.headers()['content-type']}`);
    check((await context.request.get(`${BASE}/favicon.ico`)).ok(), '/favicon.ico is missing');
    const placeholder = await page.getByRole('textbox', { name: 'Mã hồ sơ' }).getAttribute('placeholder');
    check(/^Ví dụ/.test(placeholder), `the lookup's placeholder reads as a value: "${placeholder}"`);
    await look(page, 'home', size);
    for (const path of ['/thong-ke', '/huong-dan']) {
      await page.goto(`${BASE}${path}`);
      await look(page, path.slice(1), size);
    }
    await page.goto(`${BASE}/tra-cuu`);
    const box = await page.getByRole('textbox', { name: 'Mã hồ sơ' }).getAttribute('placeholder');
    check(/^Ví dụ/.test(box), `the lookup page's placeholder reads as a value: "${box}"`);

    await page.goto(`${BASE}/thu-tuc?q=khai+sinh`);
    const filter = page.getByLabel('Lĩnh vực');
    if (size === PHONE) {
      check(!(await filter.isVisible()), 'on a phone the filters do not fold away');
      await page.locator('summary', { hasText: 'Lọc' }).click();
      await filter.waitFor({ state: 'visible' });
    } else {
      check(await filter.isVisible(), 'at desk size the filters are hidden');
    }
    await look(page, 'catalogue', size);

    await page.goto(`${BASE}/thu-tuc/${PROCEDURE}`);
    const cell = page.locator('table.data tbody td').first();
    const label = await cell.getAttribute('data-label');
    check(label, 'the components table has no labels for its cells');
    if (size === PHONE) {
      const shown = await cell.evaluate((td) => getComputedStyle(td, '::before').content);
      check(shown.includes(label), `on a phone the cell does not show its label "${label}" (::before is ${shown})`);
    }
    await look(page, 'procedure', size);
    return `home links to catalogue, lookup, statistics, help, sign-up; placeholder "${placeholder}"; favicon; filters ${size === PHONE ? 'fold' : 'open'}; cells labelled`;
  }, { visitor: true });
}

// The public timeline of a dossier moved through its steps (made through the API by the
// commune's staff) names each step once.
async function timelineOnce(browser) {
  const code = await as(browser, 'citizen-timeline-staff', async (page, context) => {
    const token = async ([username, password]) => {
      const res = await context.request.post(`${BASE}/api/v1/auth/login`, { data: { username, password } });
      check(res.ok(), `API login of ${username}: ${res.status()}`);
      return (await res.json()).token;
    };
    const call = async (tok, method, path, data) => {
      const res = await context.request.fetch(`${BASE}${path}`, { method, data, headers: { authorization: `Bearer ${tok}` } });
      check(res.ok(), `${method} ${path}: ${res.status()} ${await res.text()}`);
      return res.json();
    };
    const desk = await token(USERS.receptionist);
    const made = await call(desk, 'POST', '/api/v1/dossiers', {
      procedure_code: PROCEDURE,
      applicant: { kind: 'person', name: 'Nguyễn Văn An', id_number: CCCD, birth_date: '2003-05-17' },
      received: [1, 1, 1],
      outcome: 'accept',
    });
    for (const [who, action] of [[USERS.specialist, 'advance'], [USERS.leader, 'advance'], [USERS.receptionist, 'return']]) {
      const tok = who === USERS.receptionist ? desk : await token(who);
      const d = await call(tok, 'GET', `/api/v1/dossiers/${encodeURIComponent(made.code)}`);
      // A return carries its result: a paper one here.
      const result = action === 'return' ? { result_number: '01/2026/KS', result_date: '2020-01-02' } : {};
      await call(tok, 'POST', `/api/v1/dossiers/${encodeURIComponent(made.code)}/actions`, { action, expected_version: d.version, ...result });
    }
    return made.code;
  });
  return atBothSizes(browser, 'timeline', async (page, context, size) => {
    // The timeline needs a second factor: the last four digits of the applicant's CCCD.
    await page.goto(`${BASE}/tra-cuu/${encodeURIComponent(code)}?last4=${CCCD.slice(-4)}`);
    const steps = (await page.locator('.timeline li').allInnerTexts()).map((s) => s.replace(/\s+/g, ' ').trim());
    const units = steps.map((s) => s.split(' · ')[1]?.replace(/ (Sớm|Đúng|Trễ) hạn$/, '')).filter(Boolean);
    check(new Set(units).size === units.length, `the timeline names a step twice: ${steps.join(' / ')}`);
    check(steps.length >= 3, `the timeline is too short: ${steps.join(' / ')}`);
    await look(page, 'timeline', size);
    return `${steps.length} steps: ${steps.join(' / ')}`;
  }, { visitor: true });
}

// 7. The declaration a procedure asks for: downloaded blank from the procedure's page, and
// filled online as an e-form that becomes the PDF of its component in the draft.
function declarationForms(browser) {
  return atBothSizes(browser, 'eform', async (page, context, size) => {
    await page.goto(`${BASE}/thu-tuc/${PROCEDURE}`);
    const blank = page.getByRole('link', { name: 'Tải tờ khai mẫu TK-KS (PDF)' });
    const printed = await savePdf(context, await blank.getAttribute('href'), `citizen-tk-ks-blank-${size.width}`);
    check(printed.includes('TỜ KHAI ĐĂNG KÝ KHAI SINH') && printed.includes('Quê quán'), 'the blank TK-KS is not the declaration');

    const draft = await startDraft(page);
    await fillApplicant(page);
    await submit(page, page.getByRole('button', { name: 'Lưu nháp' }), /^\/ho-so-nhap\/\d+$/);
    await follow(page, page.getByRole('link', { name: 'Điền tờ khai trực tuyến' }), /\/to-khai\/TK-KS$/);
    await heading(page, 'Tờ khai đăng ký khai sinh');
    check((await page.getByLabel('Số định danh cá nhân').inputValue()) === CCCD, 'the requester\'s CCCD is not prefilled from the draft');
    await page.getByLabel('Họ, chữ đệm, tên', { exact: true }).fill('');
    await submit(page, page.getByRole('button', { name: 'Tạo tờ khai và đính kèm vào hồ sơ' }), /\/to-khai\/TK-KS$/);
    const problems = await page.locator('.error-summary li').count();
    check(problems >= 8, `an empty declaration reports ${problems} problems`);
    await look(page, 'eform-errors', size);
    await page.getByLabel('Kính gửi').fill('Ủy ban nhân dân xã Thạnh Hòa');
    await page.getByLabel('Quan hệ với người được khai sinh').fill('cha');
    await page.getByLabel('Họ, chữ đệm, tên', { exact: true }).fill('Nguyễn Văn Bình');
    await page.getByLabel('Ngày, tháng, năm sinh', { exact: true }).last().fill('2/1/2026');
    await page.getByLabel('Ngày, tháng, năm sinh ghi bằng chữ').fill('ngày hai tháng một năm hai nghìn không trăm hai mươi sáu');
    await page.getByRole('radio', { name: 'Nam', exact: true }).check();
    await page.getByLabel('Dân tộc', { exact: true }).fill('Kinh');
    await page.getByLabel('Nơi sinh').fill('Trạm Y tế xã Thạnh Hòa');
    await page.getByLabel('Quê quán').fill('xã Thạnh Hòa, tỉnh Kiên Giang');
    await page.getByLabel('Làm tại').fill('xã Thạnh Hòa');
    await look(page, 'eform', size);
    await submit(page, page.getByRole('button', { name: 'Tạo tờ khai và đính kèm vào hồ sơ' }), /^\/ho-so-nhap\/\d+$/);
    const file = page.locator('#thanh-phan-0 .files a', { hasText: 'to-khai-TK-KS.pdf' });
    await file.waitFor();
    const text = await savePdf(context, await file.getAttribute('href'), `citizen-tk-ks-filled-${size.width}`);
    for (const want of ['TỜ KHAI ĐĂNG KÝ KHAI SINH', 'Nguyễn Văn Bình', '02/01/2026', 'Ủy ban nhân dân xã Thạnh Hòa', CCCD])
      check(text.includes(want), `the produced TK-KS lacks "${want}"`);
    check(await page.getByRole('checkbox', { name: /Tờ khai đăng ký khai sinh/ }).isChecked(), 'the declaration is not ticked as present');
    check((await field.cccd(page).inputValue()) === CCCD, 'the draft lost its fields');
    await look(page, 'eform-attached', size);
    return `${draft}: blank TK-KS downloaded; ${problems} problems shown at once; the filled TK-KS PDF attached with the child's name and dates`;
  });
}

export const scenarios = [
  ['citizen #14.1: the header leads a signed-in citizen to their own things, no link to a 403', headerLeadsHome],
  ['citizen #14.2: "Tải tệp lên" keeps every field of the draft', uploadKeepsFields],
  ['citizen #14.3: withdrawing a dossier asks once more', withdrawAsks],
  ['citizen #14.4: every error of a step at once, summary focused and linked', everyErrorAtOnce],
  ['citizen #14.5: dates typed dd/mm/yyyy in an English browser', datesTypedTheVietnameseWay],
  ['citizen #14.6: after submitting, the page says what happens next', saysWhatHappensNext],
  ['citizen #14.7: the TK-KS declaration downloaded blank, and filled online into the draft as a PDF', declarationForms],
  ['citizen #14.8: public pages — home links, placeholder, phone filters and tables, favicon', publicPages],
  ['citizen #14.8: the public timeline names each step once', timelineOnce],
];
