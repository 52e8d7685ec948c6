// words.mjs — what people read is Vietnamese (issue #14, items 17 and 18): each person's pages
// are read as the browser shows them — the visible text only, without attributes, URLs, input
// values, scripts, text areas and elements marked translate="no" (user names, raw audit
// records) — and no page may show an internal code: a role, state or action in English, a
// dotted event name ("dossier.received"), a snake_case identifier, an ISO date
// ("2026-05-17"), a boolean, or a number written the English way ("12.5", "1234567"). The
// same rules as the page crawl's (tests/support/tvisible.c). The statistics report PDF ends
// with its signature block. Every scenario runs at desk and at phone width.
import { BASE, DESK, PHONE, USERS, as, check, login, savePdf, shoot } from '../lib.mjs';

const sizes = [
  ['1366', DESK],
  ['390', PHONE],
];

function atBothSizes(name, fn) {
  return sizes.map(([label, viewport]) => [`${name} (${label})`, (browser) => fn(browser, viewport, label)]);
}

// The code lists of the system a page could leak (svc.c roles, core/dossier_state.c).
const CODE_WORDS = new Set([
  'receptionist', 'specialist', 'leader', 'admin', 'auditor', 'citizen', 'staff', 'system',
  'none', 'submitted', 'reception_supplement', 'refused', 'processing', 'supplement', 'stopped',
  'withdrawn', 'result_ready', 'returned', 'accept', 'advance', 'refuse', 'extend', 'stop',
  'withdraw', 'return', 'assign', 'true', 'false', 'null', 'undefined', 'NaN', 'pending',
  'sent', 'failed', 'paid', 'unpaid', 'cancelled', 'online', 'counter', 'post', 'draft',
]);
const FILE_ENDS = /\.(pdf|png|jpe?g|docx?|xlsx?|csv|zip|txt|vn|com|org|net|html|svg|xml|gov)$/;

// Why a word of visible text is an internal code, or null.
function judge(raw) {
  if (raw.includes('://') || raw.includes('@') || raw.startsWith('/')) return null;
  if (/(^|[^0-9])\d{4}-\d{2}-\d{2}([^0-9]|$)/.test(raw)) return 'an ISO date';
  const w = raw.replace(/[.:]+$/, '');
  if (!w) return null;
  if (CODE_WORDS.has(w)) return 'an English code word';
  if (/^[a-z_]+(\.[a-z_]+)+$/.test(w) && !FILE_ENDS.test(w)) return 'a dotted event or code name';
  if (/^[a-z0-9.]*[a-z0-9]_[a-z0-9_.]*[a-z0-9]$/.test(w) && w.includes('_')) return 'a snake_case identifier';
  const dec = /^(\d+)\.(\d{1,2})(%?)$/.exec(w);
  if (dec && (dec[3] || dec[2].length === 2 || dec[1].length >= 2)) return 'an English decimal';
  if (/^[1-9]\d{4,10}$/.test(w)) return 'a number without Vietnamese separators';
  return null;
}

// The text a person sees on the page: text nodes that are rendered, outside script, style,
// text areas and translate="no".
async function visibleText(page) {
  return page.evaluate(() => {
    const out = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || el.closest('script, style, textarea, template, [translate="no"]')) continue;
      if (!el.getClientRects().length) continue; // not rendered (display: none, closed <details>)
      out.push(n.nodeValue);
    }
    return out.join(' ');
  });
}

async function codesOn(page, path) {
  const text = await visibleText(page);
  const found = [];
  for (const word of text.split(/[\s,;()[\]{}"'!?|*<>=]+/)) {
    const why = word && judge(word);
    if (why) found.push(`"${word}" (${why})`);
  }
  return found.length ? [`${path}: ${found.slice(0, 5).join(', ')}`] : [];
}

// Visits each path (and the first link matching follow on it, when given) and collects the
// codes shown.
async function readPages(page, paths, size, who) {
  const problems = [];
  let read = 0;
  for (const [path, follow] of paths) {
    const res = await page.goto(`${BASE}${path}`);
    check(res && res.ok(), `${path} answered ${res && res.status()}`);
    problems.push(...(await codesOn(page, path)));
    read++;
    if (follow) {
      const link = page.locator(`main a[href^="${follow}"]`).first();
      if (await link.count()) {
        const href = await link.getAttribute('href');
        await page.goto(`${BASE}${href}`);
        problems.push(...(await codesOn(page, href)));
        read++;
      }
    }
    if (read <= 2) await shoot(page, `words-${who}-${read}-${size}`);
  }
  check(problems.length === 0, `pages show internal codes:\n${problems.join('\n')}`);
  return read;
}

const sessions = {};
async function signedIn(browser, who) {
  if (!sessions[who])
    sessions[who] = await as(browser, `words-login-${who}`, async (page, context) => {
      await login(page, USERS[who]);
      return context.storageState();
    });
  return sessions[who];
}

function readAs(who, paths) {
  return (browser, viewport, size) =>
    who === 'anonymous'
      ? as(browser, `words-${who}-${size}`, async (page) => `${await readPages(page, paths, size, who)} pages in Vietnamese`, { viewport })
      : signedIn(browser, who).then((storageState) =>
          as(browser, `words-${who}-${size}`, async (page) => `${await readPages(page, paths, size, who)} pages in Vietnamese`, {
            viewport,
            storageState,
          }),
        );
}

// The leader's statistics report: Vietnamese numbers and the signature block after the table.
async function statsReport(browser, viewport, size) {
  const storageState = await signedIn(browser, 'leader');
  return as(
    browser,
    `words-report-${size}`,
    async (page, context) => {
      await page.goto(`${BASE}/desk/thong-ke`);
      const href = await page.locator('main a[href*="format=pdf"]').first().getAttribute('href');
      const text = (await savePdf(context, href, `words-stats-${size}`)).replace(/\s+/g, ' ');
      const signed = text.search(/Giồng Riềng, ngày \d+ tháng \d+ năm \d{4}/);
      check(signed > text.indexOf('Tổng cộng'), `no date line after the table: ${text.slice(-400)}`);
      check(text.includes('THỦ TRƯỞNG ĐƠN VỊ'), 'no signer title');
      check(text.includes('(Ký, ghi rõ họ tên, đóng dấu)'), 'no "(Ký, ghi rõ họ tên, đóng dấu)"');
      check(!/\d+\.\d{2}\b/.test(text.replace(/\d{2}\/\d{2}\/\d{4}/g, '')), 'a rate written with a decimal point');
      return 'report signed and dated, numbers in Vietnamese';
    },
    { viewport, storageState },
  );
}

export const scenarios = [
  ...atBothSizes('words: the public pages show no internal code', readAs('anonymous', [['/'], ['/thu-tuc', '/thu-tuc/'], ['/thong-ke'], ['/tra-cuu'], ['/huong-dan']])),
  ...atBothSizes('words: a citizen reads Vietnamese only', readAs('citizen', [['/ho-so-cua-toi', '/ho-so-cua-toi/'], ['/tai-khoan'], ['/phan-anh']])),
  ...atBothSizes('words: the counter reads Vietnamese only', readAs('receptionist', [['/desk'], ['/desk/ho-so', '/desk/ho-so/'], ['/desk/so-theo-doi']])),
  ...atBothSizes('words: the leader reads Vietnamese only, statistics included', readAs('leader', [['/desk/thong-ke'], ['/desk/tre-han', '/desk/ho-so/'], ['/desk/phan-anh']])),
  ...atBothSizes('words: the administrator reads Vietnamese only, audit log and org tree included', readAs('admin', [['/desk/audit'], ['/desk/users'], ['/desk/org'], ['/desk/lich'], ['/desk/thong-bao'], ['/desk/thu-tuc', '/desk/thu-tuc/']])),
  ...atBothSizes('words: the statistics report PDF is signed and dated like an official report', statsReport),
];
