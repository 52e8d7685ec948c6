// lib.mjs — what every browser scenario shares: the server and artefact settings, the demo
// logins, one browser, one context per person, and the steps people repeat (sign in, submit a
// form and wait for its answer, photograph a page at desk and phone widths, read a PDF, run
// axe-core); for the officers' suites, one sign-in per officer for the whole run, each
// scenario at both screen sizes, a dossier received at the counter, and a step made late in
// the server's database. scenarios.mjs and the suites under suites/ import from here.
import { chromium } from 'playwright-core';
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const BASE = process.env.MOTCUA_TEST_URL;
export const ARTIFACTS = process.env.MOTCUA_E2E_ARTIFACTS;
export const CHROMIUM = process.env.MOTCUA_E2E_CHROMIUM || '/usr/bin/chromium';
// A page that does not answer within this is broken, not slow: the server is on loopback.
export const STEP_TIMEOUT_MS = 30000;
export const PHONE = { width: 390, height: 844 };
export const DESK = { width: 1366, height: 768 };
export const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

export const CCCD = '079203001234';
export const APPLICANT = 'Nguyễn Văn An';
export const USERS = {
  admin: ['admin', 'quantri@2026'],
  receptionist: ['tiepnhan.xa', 'tiepnhan@2026'],
  specialist: ['chuyenvien.xa', 'chuyenvien@2026'],
  leader: ['lanhdao.xa', 'lanhdao@2026'],
  citizen: ['congdan', 'congdan@2026'],
};

export class Skip extends Error {}

export function fail(message) {
  throw new Error(message);
}

export function check(condition, message) {
  if (!condition) fail(message);
}

// One browser for the whole run; each person gets a context of their own (own cookies), as if
// on their own machine. Chromium gets a fresh temporary profile from playwright-core.
export async function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

// Requests the page made that went wrong (a missing stylesheet, a broken QR image, a script
// error) fail the scenario that is looking at the page.
export function watchProblems(page, problems) {
  page.on('pageerror', (err) => problems.push(`script error: ${err.message}`));
  page.on('requestfailed', (req) => {
    if (!req.failure()?.errorText.includes('ERR_ABORTED'))
      problems.push(`request failed: ${req.url()} ${req.failure()?.errorText}`);
  });
  page.on('response', (res) => {
    if (res.status() >= 400 && !res.request().isNavigationRequest()) problems.push(`HTTP ${res.status()}: ${res.url()}`);
  });
}

// One person at their own machine: runs task(page, context) in a fresh context (own cookies);
// if the task fails, the page as it was is kept as FAILED-<name>.png beside the screenshots.
export async function as(browser, name, task, options = {}) {
  const context = await browser.newContext({ viewport: DESK, locale: 'vi-VN', ...options });
  context.setDefaultTimeout(STEP_TIMEOUT_MS);
  context.setDefaultNavigationTimeout(STEP_TIMEOUT_MS);
  const page = await context.newPage();
  const problems = [];
  watchProblems(page, problems);
  try {
    const out = await task(page, context);
    check(problems.length === 0, problems.join('; '));
    return out;
  } catch (err) {
    await page.screenshot({ path: join(ARTIFACTS, `FAILED-${name}.png`), fullPage: true }).catch(() => {});
    throw err;
  } finally {
    await context.close();
  }
}

// Submits a form the way a person does (clicks the button, or presses Enter in a field) and
// waits for the page that answers. A page that answers with errors fails with what it says,
// rather than with a timeout further on.
export async function submit(page, button, expectedPath, how = 'click') {
  await Promise.all([page.waitForEvent('load'), how === 'Enter' ? button.press('Enter') : button.click()]);
  const path = new URL(page.url()).pathname;
  if (expectedPath.test(path)) return;
  const said = await page.locator('.error-summary, .field-error, .status.bad').allInnerTexts();
  fail(`expected ${expectedPath} after submitting, got ${page.url()}: ${said.join(' | ').replace(/\s+/g, ' ') || 'no message'}`);
}

// An action that cannot be undone answers with a page saying what will happen (confirm.html);
// this presses its button, as the person does once they have read it. No page, nothing to do.
export async function confirmIfAsked(page, expectedPath) {
  if ((await page.locator('.confirm-box').count()) === 0) return false;
  await submit(page, page.locator('section.confirm form button[type=submit]'), expectedPath);
  return true;
}

// The page as a person sees it on a desk screen and on a phone, whole length.
export async function shoot(page, name) {
  await page.screenshot({ path: join(ARTIFACTS, `${name}-${DESK.width}.png`), fullPage: true });
  await page.setViewportSize(PHONE);
  await page.screenshot({ path: join(ARTIFACTS, `${name}-${PHONE.width}.png`), fullPage: true });
  await page.setViewportSize(DESK);
}

export async function fillLogin(page, [username, password]) {
  await page.goto(`${BASE}/login`);
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(password);
  return page.getByRole('button', { name: 'Đăng nhập' });
}

export async function login(page, who) {
  await submit(page, await fillLogin(page, who), /^\/(desk)?$/);
}

export async function heading(page, name) {
  await page.getByRole('heading', { level: 1, name }).waitFor();
}

// Types into a search box and presses Enter, as people do, and waits for the results page.
export async function search(page, box, words, expectedPath) {
  await box.pressSequentially(words);
  await Promise.all([page.waitForEvent('load'), box.press('Enter')]);
  check(expectedPath.test(new URL(page.url()).pathname), `searching went to ${page.url()}`);
}

// Fetches a PDF link with the person's session, keeps it as an artefact and returns its text
// (pdftotext, from poppler-utils).
export async function savePdf(context, href, name) {
  const res = await context.request.get(new URL(href, BASE).href);
  check(res.ok(), `${href} answered ${res.status()}`);
  const type = res.headers()['content-type'] || '';
  check(type.startsWith('application/pdf'), `${href} is ${type}, not application/pdf`);
  const body = await res.body();
  check(body.subarray(0, 5).toString() === '%PDF-', `${href} does not start with %PDF-`);
  const path = join(ARTIFACTS, `${name}.pdf`);
  writeFileSync(path, body);
  return execFileSync('pdftotext', ['-enc', 'UTF-8', path, '-'], { encoding: 'utf8' });
}

// Runs axe-core on each page; returns the serious and critical violations found, printing
// every violation (the lesser ones too, for whoever reads the log).
export async function axeViolations(page, paths) {
  const serious = [];
  let rules = 0;
  for (const path of paths) {
    await page.goto(`${BASE}${path}`);
    await page.addScriptTag({ path: AXE_PATH });
    const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
    rules += result.passes.length + result.violations.length;
    for (const v of result.violations) {
      const line = `${path}: ${v.id} (${v.impact}) ×${v.nodes.length} — ${v.help}: ${v.nodes[0].target.join(' ')}`;
      console.log(`      axe ${line}`);
      if (v.impact === 'serious' || v.impact === 'critical') serious.push(line);
    }
  }
  check(rules > 0, 'axe-core checked no rules');
  check(serious.length === 0, `serious or critical violations:\n${serious.join('\n')}`);
  return `${paths.length} pages, ${rules} rule checks, no serious or critical violations`;
}

// A one-page PDF written out by hand (catalog, page, content stream in Helvetica, and a
// cross-reference table with the true offsets), small and real: poppler reads its text and
// the server's type sniffing sees a PDF.
export function scanPdf(text) {
  const content = `BT /F1 14 Tf 40 540 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 420 595] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let pdf = '%PDF-1.4\n';
  const offsets = objects.map((body, i) => {
    const at = pdf.length;
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
    return at;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const at of offsets) pdf += `${String(at).padStart(10, '0')} 00000 n \n`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}

// ---- officers at work (suites/desk.mjs, leader.mjs, ux.mjs) ----

// One sign-in per officer for the whole run (the server limits sign-ins per address): the
// session's cookies are kept and given to every later context of that person.
const sessions = {};
export async function sessionOf(browser, who) {
  if (!sessions[who])
    sessions[who] = await as(browser, `login-${who}`, async (page, context) => {
      await login(page, USERS[who]);
      return context.storageState();
    });
  return sessions[who];
}

// Like as(), for a signed-in officer (a key of USERS).
export async function asOfficer(browser, who, name, task, options = {}) {
  const storageState = await sessionOf(browser, who);
  return as(browser, name, task, { ...options, storageState });
}

export const SIZES = [
  ['1366', DESK],
  ['390', PHONE],
];

// Each scenario once per screen size, as issue 14 asks: entries of a suite's `scenarios`
// list, fn(browser, viewport, '1366' | '390').
export function atBothSizes(name, fn) {
  return SIZES.map(([label, viewport]) => [`${name} (${label})`, (browser) => fn(browser, viewport, label)]);
}

// A dossier of birth registration (1.001193) received at the counter for person ({ name,
// birth, phone, address }) with this CCCD, by the outcome of that button ("Tiếp nhận" with the
// papers ticked complete, "Yêu cầu bổ sung"); returns its code.
export async function receiveAtCounter(browser, person, idNumber, outcome = 'Tiếp nhận') {
  return asOfficer(browser, 'receptionist', 'receive', async (page) => {
    await page.goto(`${BASE}/desk/tiep-nhan?procedure=1.001193`);
    await page.getByLabel('Họ và tên / Tên tổ chức').fill(person.name);
    await page.getByLabel('Số CCCD (cá nhân) hoặc mã số thuế (tổ chức)').fill(idNumber);
    await page.getByLabel('Ngày sinh').fill(person.birth);
    await page.getByLabel('Điện thoại').fill(person.phone);
    await page.getByLabel('Địa chỉ').fill(person.address);
    if (outcome === 'Tiếp nhận') await page.getByLabel(/^Đủ thành phần/).check();
    await submit(page, page.getByRole('button', { name: outcome, exact: true }), /^\/desk\/ho-so\/[^/]+$/);
    return decodeURIComponent(new URL(page.url()).pathname.split('/').pop());
  });
}

// The officer takes the action offered to them on the dossier page (its form's button),
// confirming when asked.
export async function act(browser, who, code, action) {
  return asOfficer(browser, who, `act-${action}`, async (page) => {
    await page.goto(`${BASE}/desk/ho-so/${encodeURIComponent(code)}`);
    const form = page.locator(`form#act-${action}`);
    check((await form.count()) === 1, `${who} is not offered ${action} on ${code}`);
    await submit(page, form.getByRole('button').last(), /^\/desk\/ho-so/);
    await confirmIfAsked(page, /^\/desk\/ho-so/);
  });
}

// Writes to the server's SQLite database (sqlite3, MOTCUA_TEST_DB), as the HTTP suites do to
// stand for time passing; a run without it skips the scenario.
export function sql(statement) {
  const db = process.env.MOTCUA_TEST_DB || '';
  if (!db || !existsSync(db)) throw new Skip('needs the SQLite database of the server (MOTCUA_TEST_DB)');
  execFileSync('sqlite3', ['-cmd', '.timeout 10000', db, statement]);
}

// The dossier's open step as if it had started a month ago.
export function makeLate(code) {
  const month = 30 * 86400;
  const id = `(SELECT id FROM dossiers WHERE code = '${code.replace(/'/g, "''")}')`;
  sql(
    `UPDATE dossier_steps SET started_at = started_at - ${month}, due_at = due_at - ${month} ` +
      `WHERE finished_at IS NULL AND due_at IS NOT NULL AND dossier_id = ${id}; ` +
      `UPDATE dossiers SET step_due_at = step_due_at - ${month} WHERE id = ${id};`,
  );
}
