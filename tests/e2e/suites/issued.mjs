// issued.mjs — the papers motcua issues can be checked by anyone (issue 18, item 6): the
// receipt the counter prints carries at its top left the QR code of Circular 01/2023; a
// person without an account scans it (here: zbarimg on a pdftoppm image of the PDF), opens
// the link and reads which unit issued the paper and when, uploads the file and is told it
// matches byte for byte, and pastes a wrong hash and is told why in place. The published
// anchors of the audit chain are a public page too. Each scenario runs at desk width and at
// phone width, and the pages pass axe-core.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

import { ARTIFACTS, BASE, DESK, PHONE, USERS, as, axeViolations, check, heading, login, savePdf, shoot, submit } from '../lib.mjs';

const sizes = [
  ['1366', DESK],
  ['390', PHONE],
];

function atBothSizes(name, fn) {
  return sizes.map(([label, viewport]) => [`${name} (${label})`, (browser) => fn(browser, viewport, label)]);
}

// The counter receives a dossier and prints its receipt; the PDF is kept as an artefact.
async function receiveAndPrint(browser, idNumber, size) {
  return as(browser, `issued-receive-${size}`, async (page, context) => {
    await login(page, USERS.receptionist);
    await page.goto(`${BASE}/desk/tiep-nhan?procedure=1.001193`);
    await page.getByLabel('Họ và tên / Tên tổ chức').fill('Lê Thị Giấy');
    await page.getByLabel('Số CCCD (cá nhân) hoặc mã số thuế (tổ chức)').fill(idNumber);
    await page.getByLabel('Ngày sinh').fill('1991-04-05');
    await page.getByLabel('Điện thoại').fill('0987650011');
    await page.getByLabel('Địa chỉ').fill('Ấp Phước Hưng, xã Thạnh Hòa');
    await page.getByLabel(/^Đủ thành phần/).check();
    await submit(page, page.getByRole('button', { name: 'Tiếp nhận', exact: true }), /^\/desk\/ho-so\/[^/]+$/);
    const code = decodeURIComponent(new URL(page.url()).pathname.split('/').pop());
    const name = `issued-receipt-${size}`;
    await savePdf(context, `/desk/ho-so/${encodeURIComponent(code)}/mau/receipt`, name);
    return { code, pdf: join(ARTIFACTS, `${name}.pdf`) };
  });
}

// What a phone's camera reads from the printed paper: every QR code on page 1.
function scanQr(pdf) {
  const prefix = pdf.replace(/\.pdf$/, '-page');
  execFileSync('pdftoppm', ['-r', '300', '-f', '1', '-l', '1', '-png', pdf, prefix]);
  return execFileSync('zbarimg', ['-q', '--raw', `${prefix}-1.png`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
}

async function checkByQr(browser, viewport, size) {
  const id = size === '1366' ? '079191009201' : '079191009202';
  const { code, pdf } = await receiveAndPrint(browser, id, size);
  const qr = scanQr(pdf);
  check(qr.includes(`Mã hồ sơ: ${code}`), `the QR code has no dossier code: ${qr}`);
  check(qr.includes(`Số định danh: ********${id.slice(-4)}`), 'the QR code does not mask the ID');
  check(!qr.includes(id), 'the QR code shows the whole ID');
  const link = /https?:\/\/\S+\/kiem-tra\/[A-Za-z0-9_-]+/.exec(qr);
  check(link, `no verification link in the QR code: ${qr}`);
  const path = new URL(link[0]).pathname;
  return as(
    browser,
    `issued-check-${size}`,
    async (page) => {
      await page.goto(`${BASE}${path}`);
      await heading(page, 'Kiểm tra giấy tờ');
      const result = page.locator('.paper-result');
      await result.waitFor();
      const text = (await result.innerText()).replace(/\s+/g, ' ');
      check(text.includes('Giấy tiếp nhận hồ sơ và hẹn trả kết quả'), `the paper is not named: ${text}`);
      check(text.includes('phiên bản hiện hành'), `the paper is not said to be current: ${text}`);
      check(text.includes(code), 'the dossier code is not shown');
      check(!text.includes('Lê Thị Giấy') && !text.includes(id), 'personal data is shown');
      await shoot(page, `issued-link-${size}`);
      await page.getByLabel('Tệp giấy tờ (PDF)').setInputFiles(pdf);
      await submit(page, page.getByRole('button', { name: 'Kiểm tra tệp' }), /^\/kiem-tra$/);
      const status = await page.locator('.paper-result .status').innerText();
      check(status.includes('trùng khớp'), `the uploaded file is not recognised: ${status}`);
      await shoot(page, `issued-upload-${size}`);
      const box = page.getByLabel('Hoặc mã băm SHA-256 của tệp');
      await box.fill('1234');
      await Promise.all([page.waitForEvent('load'), box.press('Enter')]);
      const problem = await page.locator('.error-summary').innerText();
      check(/64 chữ số/.test(problem), `a short hash is not explained: ${problem}`);
      await shoot(page, `issued-bad-hash-${size}`);
      return `${code}: QR read, the link names the paper and its unit, the upload matches, a short hash is explained`;
    },
    { viewport },
  );
}

async function issuedAxe(browser, viewport, size) {
  return as(
    browser,
    `issued-axe-${size}`,
    async (page) => axeViolations(page, ['/kiem-tra', '/kiem-tra?sha256=12', '/kiem-tra/no-such-token', '/neo-nhat-ky']),
    { viewport, bypassCSP: true },
  );
}

export const scenarios = [
  ...atBothSizes('issued: the receipt QR code leads anyone to the paper; an upload matches; a bad hash is explained', checkByQr),
  ...atBothSizes('issued: accessibility (axe-core) of the verification page and the anchors', issuedAxe),
];
