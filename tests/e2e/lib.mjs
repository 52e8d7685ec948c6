// lib.mjs — what every browser scenario shares: the server and artefact settings, the demo
// logins, one browser, one context per person, and the steps people repeat (sign in, submit a
// form and wait for its answer, photograph a page at desk and phone widths, read a PDF, run
// axe-core). scenarios.mjs and the suites under suites/ import from here.
import { chromium } from 'playwright-core';
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
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
