#!/usr/bin/env node
// scenarios.mjs — what people do with motcua, done in a real browser (Debian's Chromium driven
// by playwright-core) against the real server that tests/e2e/run.sh started. Each scenario is a
// person's task from start to end; it waits on what the page shows (selectors, navigations),
// never on time. Every page visited is photographed at phone and desk widths into the artefact
// directory, and the public, citizen and desk pages go through axe-core, failing on serious
// or critical violations. Scenarios whose desk pages are not built report SKIP, not FAIL.
// Needs MOTCUA_TEST_URL (from tests/support/with-server.sh) and MOTCUA_E2E_ARTIFACTS.
import { readdirSync, mkdirSync } from 'node:fs';
import {
  BASE,
  ARTIFACTS,
  CCCD,
  APPLICANT,
  USERS,
  Skip,
  fail,
  check,
  launch,
  as,
  submit,
  shoot,
  fillLogin,
  login,
  heading,
  search,
  savePdf,
  axeViolations,
  scanPdf,
  confirmIfAsked,
} from './lib.mjs';

// Scenario 1: a citizen finds a procedure typing without diacritics, and reads it.
function citizenFindsProcedure(browser) {
  return as(browser, 'citizen', async (page) => {
    await page.goto(`${BASE}/`);
    await heading(page, 'Bạn cần làm thủ tục gì?');
    await shoot(page, '01-home');
    await search(page, page.getByRole('searchbox', { name: 'Tên thủ tục' }), 'dang ky khai sinh', /^\/thu-tuc$/);
    const link = page.getByRole('link', { name: 'Đăng ký khai sinh', exact: true });
    await link.waitFor();
    await shoot(page, '02-search-results');
    await Promise.all([page.waitForURL(/\/thu-tuc\/[^/?]+$/), link.click()]);
    await heading(page, 'Đăng ký khai sinh');
    const section = (title) =>
      page.locator('section', { has: page.getByRole('heading', { level: 2, name: title }) });
    const limit = (await section('Thời hạn giải quyết').locator('.lead').innerText()).trim();
    check(limit.length > 0, 'the time limit is empty');
    const components = await section('Thành phần hồ sơ').locator('tbody tr').count();
    check(components > 0, 'the procedure page lists no dossier components');
    const fees = (await section('Phí, lệ phí').innerText()).replace('Phí, lệ phí', '').trim();
    check(fees.length > 0, 'the fees section is empty');
    const qr = page.getByRole('img', { name: /Mã QR/ });
    await page.waitForFunction((img) => img.complete && img.naturalWidth > 0, await qr.elementHandle());
    await shoot(page, '03-procedure');
    return `time limit "${limit}", ${components} components, fees "${fees.split('\n')[0]}", QR shown`;
  });
}

// Scenario 2: an administrator signs in through the form (after one mistyped password), sees
// the desk and the organisation tree, and signs out.
function staffLogin(browser) {
  return as(browser, 'admin', async (page) => {
    await submit(page, await fillLogin(page, [USERS.admin[0], 'sai-mat-khau']), /^\/login$/);
    await page.getByRole('alert').waitFor();
    await shoot(page, '04-login-error');
    await login(page, USERS.admin);
    check(new URL(page.url()).pathname === '/desk', `after login the browser is at ${page.url()}`);
    await heading(page, 'Bàn làm việc');
    await shoot(page, '05-desk-home');
    await Promise.all([page.waitForURL(/\/desk\/org$/), page.locator('a[href="/desk/org"]').first().click()]);
    await heading(page, 'Cơ cấu tổ chức');
    const units = await page.locator('table.data tbody tr').count();
    check(units > 5, `the organisation tree shows ${units} units`);
    await shoot(page, '06-org-tree');
    await submit(page, page.getByRole('button', { name: 'Đăng xuất' }), /^\/$/);
    await page.getByRole('link', { name: 'Đăng nhập' }).waitFor();
    await page.goto(`${BASE}/desk`);
    check(new URL(page.url()).pathname === '/login', `after logout /desk shows ${page.url()}`);
    return `${units} units in the tree; signed out`;
  });
}

async function skipUnlessDeskPages(browser) {
  const context = await browser.newContext();
  try {
    const res = await context.request.get(`${BASE}/desk/tiep-nhan`, { maxRedirects: 0 });
    if (res.status() === 404) throw new Skip('/desk/tiep-nhan answers 404: the desk pages are not built yet');
  } finally {
    await context.close();
  }
}

// The dossier that scenario 3 receives and scenario 4 moves through.
const dossier = { code: null };

// Scenario 3: a receptionist at the commune counter accepts a paper dossier and prints the
// receipt; anyone with the code then sees it on the public lookup, with the name masked.
async function receptionAccepts(browser) {
  await skipUnlessDeskPages(browser);
  const receipt = await as(browser, 'receptionist', async (page, context) => {
    await login(page, USERS.receptionist);
    await page.goto(`${BASE}/desk/tiep-nhan`);
    await heading(page, 'Tiếp nhận hồ sơ');
    await search(page, page.getByRole('searchbox', { name: 'Tên hoặc mã thủ tục' }), 'khai sinh', /^\/desk\/tiep-nhan$/);
    const pick = page.getByRole('link', { name: /^\S+ Đăng ký khai sinh$/ });
    await shoot(page, '07-reception-search');
    await Promise.all([page.waitForURL(/procedure=/), pick.click()]);
    await page.getByLabel('Họ và tên / Tên tổ chức').fill(APPLICANT);
    await page.getByLabel('Số CCCD (cá nhân) hoặc mã số thuế (tổ chức)').fill(CCCD);
    await page.getByLabel('Ngày sinh').fill('2003-05-17');
    await page.getByLabel('Điện thoại').fill('0912345678');
    const address = page.getByLabel('Địa chỉ');
    await address.fill('Ấp Thuận Hòa, xã Thạnh Hòa');
    await shoot(page, '08-reception-form');
    // The papers are checked ("Đủ thành phần"); then Enter in any field accepts the dossier.
    await page.getByLabel(/^Đủ thành phần/).check();
    await submit(page, address, /^\/desk\/ho-so\/[^/]+$/, 'Enter');
    dossier.code = decodeURIComponent(new URL(page.url()).pathname.split('/').pop());
    await heading(page, `Hồ sơ ${dossier.code}`);
    await page.getByText(CCCD).waitFor();
    await shoot(page, '09-dossier-received');
    const link = page.getByRole('link', { name: /^In phiếu: Giấy tiếp nhận/ });
    const text = await savePdf(context, await link.getAttribute('href'), 'receipt');
    check(text.includes(dossier.code) && text.includes(APPLICANT), 'the receipt lacks the code or the name');
    return text.length;
  });
  const masked = await publicLookup(browser, dossier.code, '10-lookup-received', /Đã tiếp nhận|Đang giải quyết|Đang xử lý/);
  return `dossier ${dossier.code}; receipt PDF with code and name (${receipt} characters of text); public lookup shows "${masked}"`;
}

// The lookup a citizen does with the code from the receipt: typed (in lower case) into the
// form on the home page, which by the code alone shows the status and the appointment but
// not who applied; then again with the last four digits of the CCCD in the second field,
// which shows the masked name and the timeline. Returns the masked name shown.
function publicLookup(browser, code, shotName, state) {
  return as(browser, 'lookup', async (page) => {
    await page.goto(`${BASE}/`);
    await search(page, page.getByRole('textbox', { name: 'Mã hồ sơ' }), code.toLowerCase(), /^\/tra-cuu/);
    const result = page.locator('.lookup-result');
    await result.waitFor();
    const bare = await result.innerText();
    check(state.test(bare), `the lookup by code alone does not say ${state}: ${bare.replace(/\s+/g, ' ')}`);
    check(!bare.includes('Người nộp') && !bare.includes('Quá trình xử lý'), 'the code alone shows who applied or the timeline');
    const last4 = page.getByLabel('4 số cuối CCCD hoặc số điện thoại');
    await last4.fill(CCCD.slice(-4));
    await submit(page, last4, /^\/tra-cuu/, 'Enter');
    await result.waitFor();
    const text = await result.innerText();
    check(text.includes(code), 'the lookup does not show the code');
    check(state.test(text), `the lookup does not say ${state}: ${text.replace(/\s+/g, ' ')}`);
    const name = (await result.locator('dt:text-is("Người nộp") + dd').innerText()).trim();
    check(name !== APPLICANT && name.startsWith('Nguyễn') && name.includes('*'), `name not masked: "${name}"`);
    const html = await page.content();
    check(!html.includes(CCCD) && !html.includes(APPLICANT), 'the public page shows personal data');
    await shoot(page, shotName);
    return name;
  });
}

// One officer opens the dossier and takes the action offered to them.
function act(browser, role, code, action, shotName) {
  return as(browser, role, async (page) => {
    await login(page, USERS[role]);
    await page.goto(`${BASE}/desk/ho-so/${encodeURIComponent(code)}`);
    await heading(page, `Hồ sơ ${code}`);
    const form = page.locator(`form#act-${action}`);
    if ((await form.count()) === 0) {
      const offered = await page.locator('form.action-form').evaluateAll((fs) => fs.map((f) => f.id));
      fail(`${USERS[role][0]} is not offered "${action}" (offered: ${offered.join(', ') || 'nothing'})`);
    }
    // No return without the result: the counter files the signed result (PDF) first.
    if (action === 'return') {
      const files = page.locator('form#files');
      await files.getByLabel('Loại tệp').selectOption('result');
      await files.getByLabel('Tệp', { exact: true }).setInputFiles({ name: 'ket-qua.pdf', mimeType: 'application/pdf', buffer: scanPdf('Ket qua giai quyet') });
      await submit(page, files.getByRole('button', { name: 'Tải lên' }), /^\/desk\/ho-so\//);
    }
    await shoot(page, shotName);
    await submit(page, form.getByRole('button'), /^\/desk\/ho-so/);
    await confirmIfAsked(page, /^\/desk\/ho-so/);
    check(new URL(page.url()).searchParams.get('da') === action, `after ${action}: ${page.url()}`);
    return `${role} ${action}`;
  });
}

// The specialist and the leader of the commune move the dossier through its steps, and the
// receptionist hands the result back; the desk and the public lookup then say so.
async function movesThrough(browser, code, shots) {
  const done = [];
  done.push(await act(browser, 'specialist', code, 'advance', `${shots[0]}-specialist`));
  done.push(await act(browser, 'leader', code, 'advance', `${shots[1]}-leader`));
  done.push(await act(browser, 'receptionist', code, 'return', `${shots[2]}-receptionist`));
  await as(browser, 'returned', async (page) => {
    await login(page, USERS.receptionist);
    await page.goto(`${BASE}/desk/ho-so/${encodeURIComponent(code)}`);
    await page.locator('.dossier-status', { hasText: 'Đã trả kết quả' }).waitFor();
    await shoot(page, `${shots[3]}-dossier-returned`);
  });
  await publicLookup(browser, code, `${shots[4]}-lookup-returned`, /Đã trả kết quả/);
  return done.join(', ');
}

// Scenario 4: the counter dossier of scenario 3 goes through its steps to the return.
async function dossierMovesThrough(browser) {
  await skipUnlessDeskPages(browser);
  check(dossier.code, 'no dossier: scenario 3 did not receive one');
  return movesThrough(browser, dossier.code, ['11', '12', '13', '14', '15']);
}

// The dossier the citizen submits online in scenario 5; it is moved in 6 and rated in 8.
// The scan is the file the citizen attaches to its first paper.
const online = { code: null };
const SCAN = { name: 'giay-chung-sinh.pdf', text: 'Giay chung sinh - ban chup' };

// Follows a link a person clicks and waits for the page it leads to.
async function follow(page, link, expectedPath) {
  await Promise.all([page.waitForURL((url) => expectedPath.test(url.pathname)), link.click()]);
}

// Scenario 5: the demo citizen signs in, finds birth registration typing without diacritics,
// reads it and submits it online: start, fill in (saving the draft), upload the scan of the
// birth certificate, review, submit. The dossier, with its scan, is then in "Hồ sơ của tôi" and on
// the public lookup.
async function citizenSubmitsOnline(browser) {
  const saved = await as(browser, 'citizen-online', async (page, context) => {
    await login(page, USERS.citizen);
    await heading(page, 'Bạn cần làm thủ tục gì?');
    await search(page, page.getByRole('searchbox', { name: 'Tên thủ tục' }), 'dang ky khai sinh', /^\/thu-tuc$/);
    await follow(page, page.getByRole('link', { name: 'Đăng ký khai sinh', exact: true }), /^\/thu-tuc\/[^/]+$/);
    await heading(page, 'Đăng ký khai sinh');
    await follow(page, page.getByRole('link', { name: 'Nộp trực tuyến' }), /^\/nop-truc-tuyen\/[^/]+$/);
    await heading(page, 'Đăng ký khai sinh');
    await shoot(page, '16-online-start');
    await submit(page, page.getByRole('button', { name: 'Bắt đầu điền hồ sơ' }), /^\/ho-so-nhap\/\d+$/);
    await page.getByLabel('Số CCCD (12 chữ số)').fill(CCCD);
    await page.getByLabel('Ngày sinh').fill('17/05/2003');
    await page.getByLabel('Số điện thoại').fill('0912345678');
    await page.getByLabel('Địa chỉ').fill('Ấp Thuận Hòa, xã Thạnh Hòa');
    const papers = page.getByRole('group', { name: 'Giấy tờ ông/bà đã có' }).getByRole('checkbox');
    const count = await papers.count();
    check(count > 0, 'the filling form lists no papers to tick');
    for (const box of await papers.all()) await box.check();
    await page.getByRole('radio', { name: 'Trực tuyến', exact: true }).check();
    await submit(page, page.getByRole('button', { name: 'Lưu nháp' }), /^\/ho-so-nhap\/\d+$/);
    await page.getByRole('status').filter({ hasText: 'Đã lưu hồ sơ nháp' }).waitFor();
    const kept = await page.getByLabel('Số CCCD (12 chữ số)').inputValue();
    check(kept === CCCD, `the saved draft shows CCCD "${kept}"`);
    // The scan of the birth certificate, chosen in the file picker of that paper and uploaded.
    const picker = page.getByLabel(/^Tải lên tệp cho «Giấy chứng sinh/);
    const paper = (await picker.getAttribute('id')).replace('file_', 'thanh-phan-');
    await picker.setInputFiles({ name: SCAN.name, mimeType: 'application/pdf', buffer: scanPdf(SCAN.text) });
    await shoot(page, '17-online-fill');
    await submit(page, page.getByRole('button', { name: 'Tải tệp lên' }), /^\/ho-so-nhap\/\d+$/);
    await page.locator(`#${paper} .files li`, { hasText: SCAN.name }).waitFor();
    await shoot(page, '18-online-file-uploaded');
    await submit(page, page.getByRole('button', { name: 'Tiếp tục' }), /^\/ho-so-nhap\/\d+\/xem-lai$/);
    await page.getByText(CCCD).waitFor();
    await page.locator('.files li', { hasText: SCAN.name }).waitFor();
    await shoot(page, '19-online-review');
    await submit(page, page.getByRole('button', { name: 'Nộp hồ sơ' }), /^\/ho-so-cua-toi\/[^/]+$/);
    online.code = decodeURIComponent(new URL(page.url()).pathname.split('/').pop());
    await heading(page, `Hồ sơ ${online.code}`);
    await page.locator('.dossier-status', { hasText: 'Mới đăng ký' }).waitFor();
    const scan = await savePdf(context, await page.getByRole('link', { name: SCAN.name }).getAttribute('href'), 'scan-citizen');
    check(scan.includes(SCAN.text), `the uploaded scan reads "${scan.trim()}"`);
    await shoot(page, '20-my-dossier-submitted');
    await follow(page, page.getByRole('link', { name: 'Hồ sơ của tôi' }).first(), /^\/ho-so-cua-toi$/);
    await heading(page, 'Hồ sơ của tôi');
    await page.getByRole('link', { name: online.code }).waitFor();
    await shoot(page, '21-my-dossiers');
    return count;
  });
  const masked = await publicLookup(browser, online.code, '22-lookup-submitted', /Mới đăng ký/);
  return `dossier ${online.code} submitted online with ${saved} papers ticked and ${SCAN.name} uploaded (read back with pdftotext); listed in "Hồ sơ của tôi"; public lookup shows "${masked}"`;
}

// Scenario 6: the commune counter finds the online dossier in its inbox and accepts it; the
// specialist and the leader move it through and the counter returns the result.
async function onlineDossierMovesThrough(browser) {
  await skipUnlessDeskPages(browser);
  check(online.code, 'no online dossier: scenario 5 did not submit one');
  await as(browser, 'receptionist-inbox', async (page, context) => {
    await login(page, USERS.receptionist);
    await page.goto(`${BASE}/desk/ho-so`);
    await shoot(page, '23-desk-inbox-online');
    await follow(page, page.getByRole('link', { name: online.code }), /^\/desk\/ho-so\/[^/]+$/);
    const scan = await savePdf(context, await page.getByRole('link', { name: SCAN.name }).getAttribute('href'), 'scan-desk');
    check(scan.includes(SCAN.text), `the scan on the desk reads "${scan.trim()}"`);
  });
  const accepted = await act(browser, 'receptionist', online.code, 'accept', '24-accept-online');
  return `the counter opens ${SCAN.name}; ${accepted}, ${await movesThrough(browser, online.code, ['25', '26', '27', '28', '29'])}`;
}

// Fills in the rating form as a citizen does: the overall answer, one of the optional items
// and a comment.
async function fillRating(page, overall, item, answer) {
  await page
    .getByRole('group', { name: 'Ông/bà có hài lòng với việc giải quyết hồ sơ không?' })
    .getByRole('radio', { name: overall, exact: true })
    .check();
  await page.getByRole('group', { name: item }).getByRole('radio', { name: answer, exact: true }).check();
  await page.getByLabel('Ý kiến khác (không bắt buộc)').fill('Cán bộ hướng dẫn rõ ràng.');
}

// Scenario 8: the citizen opens the returned online dossier from "Hồ sơ của tôi" and rates it.
function citizenRates(browser) {
  check(online.code, 'no online dossier: scenario 5 did not submit one');
  return as(browser, 'citizen-rates', async (page) => {
    await login(page, USERS.citizen);
    await page.goto(`${BASE}/ho-so-cua-toi`);
    await follow(page, page.getByRole('link', { name: online.code }), /^\/ho-so-cua-toi\/[^/]+$/);
    await heading(page, `Hồ sơ ${online.code}`);
    await page.locator('.dossier-status', { hasText: 'Đã trả kết quả' }).waitFor();
    await fillRating(page, 'Hài lòng', /Thái độ của cán bộ/, 'Tận tình, chu đáo');
    await shoot(page, '30-my-dossier-rating');
    await submit(page, page.getByRole('button', { name: 'Gửi đánh giá' }), /^\/ho-so-cua-toi\/[^/]+$/);
    const notice = page.locator('.notice', { hasText: 'đã đánh giá' });
    check((await notice.innerText()).includes('Hài lòng'), 'the page does not show the rating given');
    check((await page.getByRole('button', { name: 'Gửi đánh giá' }).count()) === 0, 'the rating form is offered again');
    await shoot(page, '31-my-dossier-rated');
    return `"${(await notice.innerText()).trim()}"; the form is gone`;
  });
}

// Scenario 9: at the counter, the receptionist opens the rating page of the counter dossier
// (scenario 3, returned in 4) on the tablet and the citizen rates it there.
async function counterDeviceRating(browser) {
  await skipUnlessDeskPages(browser);
  check(dossier.code, 'no dossier: scenario 3 did not receive one');
  return as(browser, 'counter-tablet', async (page) => {
    await login(page, USERS.receptionist);
    await page.goto(`${BASE}/danh-gia/${encodeURIComponent(dossier.code)}`);
    await heading(page, 'Đánh giá việc giải quyết hồ sơ');
    await page.getByText(dossier.code).waitFor();
    await fillRating(page, 'Bình thường', /Số cơ quan phải đến/, 'Chỉ Bộ phận Một cửa');
    await shoot(page, '32-counter-rating');
    await submit(page, page.getByRole('button', { name: 'Gửi đánh giá' }), /^\/danh-gia\/[^/]+$/);
    const thanks = page.getByRole('status').filter({ hasText: 'Hồ sơ đã được đánh giá' });
    check((await thanks.innerText()).includes('Bình thường'), 'the tablet does not show the rating given');
    await shoot(page, '33-counter-rated');
    return `dossier ${dossier.code}: "${(await thanks.innerText()).trim()}"`;
  });
}

// The public pages through axe-core (the bar): serious and critical violations fail.
function publicAccessibility(browser) {
  const code = dossier.code || '000.00.15.H33-270429-0007';
  const paths = ['/', '/thu-tuc?q=khai+sinh', '/thu-tuc/1.001193', '/login', '/dang-ky', `/tra-cuu?code=${encodeURIComponent(code)}`];
  return as(browser, 'axe-public', (page) => axeViolations(page, paths), { bypassCSP: true });
}

// Scenario 7: the citizen's own pages and the counter's rating tablet, held to the public bar.
// It runs before the ratings, so that both rating forms are on the pages it checks; the
// filling form and its review are those of a fresh draft, as a person first sees them.
async function citizenAccessibility(browser) {
  check(online.code, 'no online dossier: scenario 5 did not submit one');
  const start = '/nop-truc-tuyen/1.001193';
  const mine = await as(browser, 'axe-citizen', async (page) => {
    await login(page, USERS.citizen);
    await page.goto(`${BASE}${start}`);
    await submit(page, page.getByRole('button', { name: 'Bắt đầu điền hồ sơ' }), /^\/ho-so-nhap\/\d+$/);
    const draft = new URL(page.url()).pathname;
    const paths = [start, draft, `${draft}/xem-lai`, '/ho-so-cua-toi', `/ho-so-cua-toi/${encodeURIComponent(online.code)}`];
    return axeViolations(page, paths);
  }, { bypassCSP: true });
  if (!dossier.code) return `citizen: ${mine}`;
  const tablet = await as(browser, 'axe-tablet', async (page) => {
    await login(page, USERS.receptionist);
    return axeViolations(page, [`/danh-gia/${encodeURIComponent(dossier.code)}`]);
  }, { bypassCSP: true });
  return `citizen: ${mine}; counter tablet: ${tablet}`;
}

// The desk pages the receptionist works in, held to the same bar.
async function deskAccessibility(browser) {
  await skipUnlessDeskPages(browser);
  const paths = ['/desk', '/desk/tiep-nhan?q=khai+sinh', '/desk/tiep-nhan?procedure=1.001193', '/desk/ho-so', '/desk/org'];
  if (dossier.code) paths.push(`/desk/ho-so/${encodeURIComponent(dossier.code)}`);
  return as(browser, 'axe-desk', async (page) => {
    await login(page, USERS.receptionist);
    return axeViolations(page, paths);
  }, { bypassCSP: true });
}

const scenarios = [
  ['citizen finds "Đăng ký khai sinh" typing without diacritics and reads it', citizenFindsProcedure],
  ['staff sign in through the form, see the desk and the org tree, sign out', staffLogin],
  ['receptionist accepts a counter dossier, prints the receipt; public lookup masks the name', receptionAccepts],
  ['specialist and leader move the dossier through; receptionist returns the result', dossierMovesThrough],
  ['citizen signs in, finds the procedure without diacritics, submits it online with a scan, finds it again', citizenSubmitsOnline],
  ['the counter accepts the online dossier; specialist, leader and counter take it to the return', onlineDossierMovesThrough],
  ["accessibility (axe-core) of the citizen's pages and the counter's rating tablet", citizenAccessibility],
  ['citizen rates the returned online dossier under "Hồ sơ của tôi"', citizenRates],
  ['citizen rates the counter dossier on the tablet at the counter', counterDeviceRating],
  ['accessibility (axe-core) of the public pages', publicAccessibility],
  ["accessibility (axe-core) of the receptionist's desk pages", deskAccessibility],
];

// Each file under suites/ exports its own `scenarios` list (a person's whole day, say), run
// after the ones above in the order of the file names, on the same server and data.
async function suiteScenarios() {
  const dir = new URL('./suites/', import.meta.url);
  let files = [];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.mjs')).sort();
  } catch {
    return [];
  }
  const all = [];
  for (const f of files) all.push(...(await import(new URL(f, dir))).scenarios);
  return all;
}

async function main() {
  check(BASE && ARTIFACTS, 'MOTCUA_TEST_URL and MOTCUA_E2E_ARTIFACTS must be set');
  scenarios.push(...(await suiteScenarios()));
  mkdirSync(ARTIFACTS, { recursive: true });
  const browser = await launch();
  const tally = { passed: 0, failed: 0, skipped: 0 };
  try {
    for (const [name, run] of scenarios) {
      try {
        const detail = await run(browser);
        tally.passed++;
        console.log(`PASS  ${name}\n      ${detail}`);
      } catch (err) {
        const skipped = err instanceof Skip;
        tally[skipped ? 'skipped' : 'failed']++;
        console.log(`${skipped ? 'SKIP' : 'FAIL'}  ${name}\n      ${err.message.split('\n').join('\n      ')}`);
      }
    }
  } finally {
    await browser.close();
  }
  console.log(`Screenshots: ${ARTIFACTS}`);
  console.log(`e2e: ${tally.passed} passed, ${tally.failed} failed, ${tally.skipped} skipped`);
  process.exitCode = tally.failed ? 1 : 0;
}

await main();
