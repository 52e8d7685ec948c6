// population.mjs — "Lấy thông tin từ CSDL dân cư" (issue 17 item 6) in the browser: the
// receptionist fills name, birth date and address from the population database and confirms
// by receiving; when the database is down the counter form says so and is filled by hand; the
// citizen fills birth date and address on their own form. The population database is the
// stand-in tests/standin/population.py, and the pages come from a second `motcua serve` on the
// suite's database configured with it (the first one has no partner). Each scenario runs at
// 1366 and 390 px and checks the pages with axe-core (no violation of any impact).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AXE_PATH, DESK, PHONE, USERS, as, check, shoot, submit } from '../lib.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const STANDIN = join(HERE, '..', '..', 'standin', 'population.py');
const AN = '001190012345'; // Nguyễn Văn An in tests/standin/population.json, the demo citizen's name

let peer = null; // {standin, server, base, standinUrl}

function firstLine(child) {
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('\n')) resolve(out.split('\n')[0].trim());
    });
    child.on('exit', (code) => reject(new Error(`population stand-in exited with ${code}`)));
  });
}

async function waitForFile(path) {
  for (let i = 0; i < 600; i++) {
    if (existsSync(path) && readFileSync(path, 'utf8').trim()) return readFileSync(path, 'utf8').trim();
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${path} never appeared`);
}

// The stand-in and a server that uses it, started once for the suite.
async function partner() {
  if (peer) return peer;
  const standin = spawn('/usr/bin/python3', [STANDIN, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await firstLine(standin);
  const standinUrl = `http://127.0.0.1:${port}`;
  const dir = mkdtempSync(join(tmpdir(), 'motcua-e2e-population-'));
  const portFile = join(dir, 'port');
  const server = spawn(process.env.MOTCUA_BIN, ['serve', '--listen', '127.0.0.1:0', '--port-file', portFile, '--db', process.env.MOTCUA_TEST_DB], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      MOTCUA_PARTNER_POPULATION_URL: `${standinUrl}/tra-cuu-cong-dan`,
      MOTCUA_PARTNER_POPULATION_USER: 'motcua',
      MOTCUA_PARTNER_POPULATION_PASSWORD: 'population-secret',
    },
  });
  peer = { standin, server, standinUrl, base: `http://127.0.0.1:${await waitForFile(portFile)}` };
  // They must not keep the run alive: they are stopped when it ends.
  standin.stdout.destroy();
  standin.removeAllListeners('exit');
  standin.unref();
  server.unref();
  process.on('exit', () => {
    server.kill('SIGTERM');
    standin.kill('SIGTERM');
  });
  return peer;
}

async function fault(mode) {
  const res = await fetch(`${peer.standinUrl}/_control/fault`, { method: 'POST', body: JSON.stringify({ mode }) });
  check(res.ok, `the stand-in refused fault ${mode}`);
}

async function axeHere(page, what) {
  await page.addScriptTag({ path: AXE_PATH });
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  for (const v of result.violations) console.log(`      axe ${what}: ${v.id} (${v.impact}) — ${v.help}: ${v.nodes[0].target.join(' ')}`);
  check(result.violations.length === 0, `${what}: ${result.violations.map((v) => v.id).join(', ')}`);
  return result.passes.length;
}

async function signIn(page, [username, password]) {
  await page.goto(`${peer.base}/login`);
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(password);
  await submit(page, page.getByRole('button', { name: 'Đăng nhập' }), /^\/(desk)?$/);
}

const sizes = [
  ['1366', DESK],
  ['390', PHONE],
];
function atBothSizes(name, fn) {
  return sizes.map(([label, viewport]) => [`${name} (${label})`, (browser) => fn(browser, viewport, label)]);
}

let serial = 0;

// The counter: the database fills the form, the officer checks and receives.
async function counterFills(browser, viewport, size) {
  await partner();
  await fault('none');
  return as(browser, `population-counter-${size}`, async (page) => {
    await signIn(page, USERS.receptionist);
    await page.goto(`${peer.base}/desk/tiep-nhan?procedure=1.001193`);
    await page.getByLabel('Số CCCD (cá nhân) hoặc mã số thuế (tổ chức)').fill(AN);
    await submit(page, page.getByRole('button', { name: 'Lấy thông tin từ CSDL dân cư' }), /^\/desk\/tiep-nhan$/);
    await page.locator('#population-found').waitFor();
    check((await page.getByLabel('Họ và tên / Tên tổ chức').inputValue()) === 'Nguyễn Văn An', 'the name was not filled');
    check((await page.getByLabel('Ngày sinh').inputValue()) === '1990-03-15', 'the birth date was not filled');
    check((await page.getByLabel('Địa chỉ').inputValue()).includes('Hàng Bông'), 'the address was not filled');
    let rules = await axeHere(page, 'counter filled');
    await shoot(page, `population-counter-filled-${size}`);
    await page.getByLabel(/^Đủ thành phần/).check();
    await submit(page, page.getByRole('button', { name: 'Tiếp nhận', exact: true }), /^\/desk\/ho-so\/[^/]+$/);
    await page.getByText('Nguyễn Văn An').first().waitFor();
    serial++;
    return `filled from the database, received as ${decodeURIComponent(new URL(page.url()).pathname.split('/').pop())}; axe ${rules} rules`;
  }, { viewport, bypassCSP: true });
}

// The counter with the database down: said in Vietnamese, the form goes on by hand.
async function counterByHand(browser, viewport, size) {
  await partner();
  await fault('down');
  try {
    return await as(browser, `population-down-${size}`, async (page) => {
      await signIn(page, USERS.receptionist);
      await page.goto(`${peer.base}/desk/tiep-nhan?procedure=1.001193`);
      await page.getByLabel('Họ và tên / Tên tổ chức').fill('Trần Văn Bảy');
      await page.getByLabel('Số CCCD (cá nhân) hoặc mã số thuế (tổ chức)').fill(`0791900${String(81000 + serial++)}`);
      await submit(page, page.getByRole('button', { name: 'Lấy thông tin từ CSDL dân cư' }), /^\/desk\/tiep-nhan$/);
      const said = await page.locator('#population-problem').innerText();
      check(said.includes('Không kết nối được CSDL quốc gia về dân cư'), `the form said: ${said}`);
      check((await page.getByLabel('Họ và tên / Tên tổ chức').inputValue()) === 'Trần Văn Bảy', 'what was typed was lost');
      const rules = await axeHere(page, 'counter, database down');
      await shoot(page, `population-counter-down-${size}`);
      await page.getByLabel(/^Đủ thành phần/).check();
      await submit(page, page.getByRole('button', { name: 'Tiếp nhận', exact: true }), /^\/desk\/ho-so\/[^/]+$/);
      return `"${said.trim()}"; received by hand; axe ${rules} rules`;
    }, { viewport, bypassCSP: true });
  } finally {
    await fault('none');
  }
}

// The citizen's own form: birth date and address from the database, kept when saved.
async function citizenFills(browser, viewport, size) {
  await partner();
  await fault('none');
  return as(browser, `population-citizen-${size}`, async (page) => {
    await signIn(page, USERS.citizen);
    await page.goto(`${peer.base}/nop-truc-tuyen/1.001193`);
    await submit(page, page.getByRole('button', { name: 'Bắt đầu điền hồ sơ' }), /^\/ho-so-nhap\/\d+$/);
    const draft = new URL(page.url()).pathname;
    await page.getByLabel('Số CCCD (12 chữ số)').fill(AN);
    await submit(page, page.getByRole('button', { name: 'Lấy thông tin từ CSDL dân cư' }), /^\/ho-so-nhap\/\d+$/);
    await page.locator('#population-found').waitFor();
    check((await page.getByLabel('Ngày sinh').inputValue()) === '15/03/1990', 'the birth date was not filled');
    check((await page.getByLabel('Địa chỉ').inputValue()).includes('Hàng Bông'), 'the address was not filled');
    const rules = await axeHere(page, 'citizen form filled');
    await shoot(page, `population-citizen-filled-${size}`);
    await submit(page, page.getByRole('button', { name: 'Lưu nháp' }), /^\/ho-so-nhap\/\d+$/);
    await page.goto(`${peer.base}${draft}`);
    check((await page.getByLabel('Ngày sinh').inputValue()) === '15/03/1990', 'the birth date was not kept when saved');
    return `${draft}: filled from the database and kept when saved; axe ${rules} rules`;
  }, { viewport, bypassCSP: true });
}

export const scenarios = [
  ...atBothSizes('counter: name, birth date and address from the population database', counterFills),
  ...atBothSizes('counter: the population database down, the form filled by hand', counterByHand),
  ...atBothSizes('citizen: birth date and address from the population database', citizenFills),
];
