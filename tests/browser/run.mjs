// Plenary in Debian's Chromium: starts a real `plenary serve` on a free port with a fresh SQLite
// database (the WGEC demo loads on first start), opens the pages a person would open, checks what
// they would see and do with a keyboard, runs axe-core (WCAG 2.0/2.1 A and AA) on each page, and
// saves screenshots. Any check that fails, and any axe violation, fails the run.
//
//   node run.mjs PATH/TO/plenary [--out DIR] [--keep]
//
// Screenshots go to DIR (default: a new temporary folder, printed at the end); --keep also keeps
// the test database there.
//
// Exit status: 0 all passed, 1 something failed, 77 cannot run here (no Chromium, no node_modules),
// which ctest reports as skipped. The last line printed is "N passed, N failed".

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const SKIP = 77;
const CHROMIUM = process.env.PLENARY_CHROMIUM || '/usr/bin/chromium';
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
// A guard against a hung browser, not a speed check: on a 2-core machine running the other
// tests beside it (ctest -j2) the whole run has taken over 180 s.
const DEADLINE_MS = 480_000;

const args = process.argv.slice(2);
const keep = args.includes('--keep');
const outIndex = args.indexOf('--out');
const outArg = outIndex >= 0 ? args.splice(outIndex, 2)[1] : undefined;
const binaryArg = args.find((a) => !a.startsWith('--'));
if (!binaryArg || (outIndex >= 0 && !outArg)) {
  console.error('usage: node run.mjs PATH/TO/plenary [--out DIR] [--keep]');
  process.exit(2);
}
const binary = resolve(binaryArg);

let passed = 0;
let failed = 0;
function check(name, ok, detail = '') {
  if (ok) {
    passed++;
    console.log(`ok    ${name}`);
  } else {
    failed++;
    console.log(`FAIL  ${name}${detail ? `\n        ${detail.replaceAll('\n', '\n        ')}` : ''}`);
  }
  return ok;
}
function finish(code) {
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(code ?? (failed > 0 ? 1 : 0));
}
function skip(why) {
  console.log(`SKIP  ${why}`);
  process.exit(SKIP);
}

// ---- What this machine must have -------------------------------------------------------------
if (!existsSync(binary)) {
  console.error(`plenary binary not found: ${binary}`);
  process.exit(2);
}
if (!existsSync(CHROMIUM)) skip(`${CHROMIUM} not found (apt-get install chromium)`);
let chromium, axeSource;
try {
  ({ chromium } = await import('playwright-core'));
  ({ default: { source: axeSource } } = await import('axe-core'));
} catch (e) {
  skip(`node_modules missing in tests/browser (run npm ci there): ${e.message.split('\n')[0]}`);
}

// ---- The server --------------------------------------------------------------------------------
const work = mkdtempSync(join(tmpdir(), 'plenary-browser-'));
const out = outArg ? resolve(outArg) : join(work, 'out');
mkdirSync(out, { recursive: true });
let server = null;
let browser = null;
let serverStdout = '';  // holds the "Demo accounts" block printed on first start

async function cleanup() {
  if (browser) await browser.close().catch(() => {});
  browser = null;
  if (server && server.exitCode === null && server.signalCode === null) {
    server.kill('SIGTERM');
    const stopped = await Promise.race([
      new Promise((r) => server.once('exit', () => r(true))),
      new Promise((r) => setTimeout(() => r(false), 10_000)),
    ]);
    if (!stopped) server.kill('SIGKILL');
    check('server stops cleanly on SIGTERM', stopped && server.exitCode === 0,
          `exit code ${server.exitCode}, signal ${server.signalCode}`);
  } else if (server) {
    check('server keeps running through the test', false, `exit code ${server.exitCode}, signal ${server.signalCode}`);
  }
  server = null;
  if (!keep) {
    // Screenshots stay for a person to look at; the database goes.
    if (outArg) rmSync(work, { recursive: true, force: true });
    else for (const f of ['plenary.db', 'plenary.db-wal', 'plenary.db-shm', 'plenary.db-derived',
                          'plenary.db-derived-wal', 'plenary.db-derived-shm']) rmSync(join(work, f), { force: true });
  }
}

const deadline = setTimeout(async () => {
  check(`whole run finished within ${DEADLINE_MS / 1000} s`, false);
  await cleanup();
  finish(1);
}, DEADLINE_MS);

function startServer() {
  return new Promise((resolvePort, reject) => {
    const db = `sqlite:${join(work, 'plenary.db')}`;
    server = spawn(binary, ['serve', '--host', '127.0.0.1', '--port', '0', '--db', db, '--no-access-log'],
                   { cwd: work, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => reject(new Error(`no "serving on port" line within 30 s\n${stdout}${stderr}`)), 30_000);
    server.stdout.on('data', (d) => {
      stdout += d;
      serverStdout = stdout;
      const m = stdout.match(/serving on port (\d+)/);
      if (m) {
        clearTimeout(timer);
        resolvePort(Number(m[1]));
      }
    });
    server.stderr.on('data', (d) => { stderr += d; });
    server.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`plenary exited early (code ${code}, signal ${signal})\n${stdout}${stderr}`));
    });
  });
}

// ---- Helpers on a page -------------------------------------------------------------------------
const text = (page, selector) => page.locator(selector).first().innerText().then((t) => t.trim()).catch(() => '');
const count = (page, selector) => page.locator(selector).count();

async function runAxe(page, name) {
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async (tags) => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return {
      violations: r.violations.map((v) => ({
        id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl, tags: v.tags.filter((t) => t.startsWith('wcag')),
        nodes: v.nodes.map((n) => ({ target: n.target.join(' '), html: n.html, summary: n.failureSummary })),
      })),
      incomplete: r.incomplete.map((v) => `${v.id} (${v.nodes.length})`),
    };
  }, WCAG_TAGS);
  const lines = result.violations.flatMap((v) => [
    `${v.id} [${v.impact}; ${v.tags.join(', ')}]: ${v.help}`,
    `  ${v.helpUrl}`,
    ...v.nodes.flatMap((n) => [`  - ${n.target}`, `    ${n.html.slice(0, 200)}`,
                               ...n.summary.split('\n').map((s) => `    ${s}`)]),
  ]);
  check(`axe (${WCAG_TAGS.join(', ')}) finds no violation on ${name}`, result.violations.length === 0, lines.join('\n'));
  if (result.incomplete.length) console.log(`      axe: needs a person's review on ${name}: ${result.incomplete.join(', ')}`);
}

// Tab once from the top of a fresh page: the skip link comes first, shows, and moves focus to main.
async function checkSkipLink(page, name) {
  await page.keyboard.press('Tab');
  const first = await page.evaluate(() => {
    const el = document.activeElement;
    const box = el.getBoundingClientRect();
    return { cls: el.className, href: el.getAttribute('href'), text: el.textContent.trim(),
             visible: box.width > 0 && box.height > 0 && box.left >= 0 && box.top >= 0 && box.right <= innerWidth,
             outline: getComputedStyle(el).outlineStyle };
  });
  check(`${name}: the first Tab stop is the skip link`, first.href === '#main' && first.text === 'Skip to main content',
        JSON.stringify(first));
  check(`${name}: the focused skip link is on screen with a visible focus outline`,
        first.visible && first.outline !== 'none', JSON.stringify(first));
  await page.keyboard.press('Enter');
  const focused = await page.evaluate(() => ({ tag: document.activeElement.tagName, id: document.activeElement.id }));
  check(`${name}: Enter on the skip link moves focus to main`, focused.tag === 'MAIN' && focused.id === 'main',
        JSON.stringify(focused));
}

// WCAG 1.4.10: at 320 CSS px wide nothing scrolls sideways.
async function checkReflow(context, url, name) {
  const page = await openTab(context);
  await page.setViewportSize({ width: 320, height: 640 });
  await page.goto(url);
  const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  await page.screenshot({ path: join(out, `${name}-320px.png`), fullPage: true });
  check(`${name}: reflows at 320 px without sideways scrolling`, widths.scroll <= widths.client, JSON.stringify(widths));
  await page.close();
}

// ---- The pages ---------------------------------------------------------------------------------
// A new tab. Twice in full `make test` runs (never alone), Chromium's Target.createTarget hung
// right after a sign-in until the deadline; a tab that does not open within 20 s is asked for
// again, once, and the wait is reported.
async function openTab(context) {
  for (let attempt = 1; ; ++attempt) {
    let timer;
    const timeout = new Promise((resolveTimeout) => { timer = setTimeout(() => resolveTimeout(null), 20_000); });
    const page = await Promise.race([context.newPage(), timeout]);
    clearTimeout(timer);
    if (page) return page;
    console.log(`note  a new tab did not open within 20 s (attempt ${attempt})`);
    if (attempt === 2) throw new Error('Chromium did not open a new tab within 20 s, twice');
  }
}

async function visit(context, base, path, name) {
  const page = await openTab(context);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    // "Failed to load resource" repeats what the response listener below reports with its URL.
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text());
  });
  page.on('response', (r) => {
    // The page itself may be a 404 on purpose; a browser asks for /favicon.ico by itself (none yet).
    if (r.status() >= 400 && r.url() !== base + path && !r.url().endsWith('/favicon.ico')) {
      errors.push(`${r.status()} ${r.url()}`);
    }
  });
  const response = await page.goto(base + path);
  return { page, response, errors, name };
}

async function checkCommon({ page, response, errors, name }, expectedStatus = 200) {
  check(`${name}: HTTP ${expectedStatus} as text/html`, response.status() === expectedStatus &&
        (response.headers()['content-type'] || '').startsWith('text/html'),
        `${response.status()} ${response.headers()['content-type']}`);
  check(`${name}: has <html lang="en">, a <title>, one h1 and the landmarks`,
        (await page.getAttribute('html', 'lang')) === 'en' && (await page.title()).length > 0 &&
        (await count(page, 'h1')) === 1 && (await count(page, 'main#main')) === 1 &&
        (await count(page, 'header nav')) >= 1 && (await count(page, 'footer')) === 1);
  check(`${name}: the stylesheet applies`, await page.evaluate(() =>
    getComputedStyle(document.querySelector('.site-header')).backgroundColor !== 'rgba(0, 0, 0, 0)'));
  check(`${name}: no console or page errors`, errors.length === 0, errors.join('\n'));
  await page.screenshot({ path: join(out, `${name}.png`), fullPage: true });
}

async function checkList(context, base) {
  const v = await visit(context, base, '/', 'list');
  await checkCommon(v);
  const { page } = v;
  check('list: h1 reads "Policy processes"', (await text(page, 'h1')) === 'Policy processes', await text(page, 'h1'));
  const link = page.locator('article.process-card h2 a').first();
  const title = await link.innerText().catch(() => '');
  check('list: the WGEC is listed and links to /processes/1',
        /Working Group on Enhanced Cooperation/.test(title) && (await link.getAttribute('href')) === '/processes/1', title);
  await checkSkipLink(page, 'list');
  await runAxe(page, 'list');
  await page.close();
}

async function checkOverview(context, base) {
  const v = await visit(context, base, '/processes/1', 'overview');
  await checkCommon(v);
  const { page } = v;
  const h1 = await text(page, 'h1');
  check('overview: h1 names the Working Group on Enhanced Cooperation', /Working Group on Enhanced Cooperation/.test(h1), h1);
  const mandate = await text(page, 'section[aria-labelledby="mandate-heading"]');
  check('overview: the mandate and its source (A/RES/70/125) are shown', /A\/RES\/70\/125/.test(mandate), mandate.slice(0, 300));
  const questions = await page.locator('section[aria-labelledby="questions-heading"] ol > li').allInnerTexts();
  check('overview: exactly two guiding questions, each a question',
        questions.length === 2 && questions.every((q) => q.trim().endsWith('?')), JSON.stringify(questions));
  const officers = await text(page, 'section[aria-labelledby="officers-heading"]');
  check('overview: the chair is Benedicto Fonseca Filho (Brazil)', /Chair/.test(officers) &&
        /Benedicto Fonseca Filho/.test(officers) && /Brazil/.test(officers), officers);
  const composition = await text(page, 'section[aria-labelledby="composition-heading"]');
  check('overview: the composition summary says "42 seats"', /\b42 seats\b/.test(composition), composition);
  const cards = await page.locator('.summary-cards li').allInnerTexts();
  const total = cards.reduce((n, c) => n + Number((c.match(/\d+/) || ['0'])[0]), 0);
  check('overview: the group cards add up to 42 and include 22 governments',
        total === 42 && cards.some((c) => /^22\s+Governments/.test(c.trim())), JSON.stringify(cards));
  const meetings = await page.locator('ol.timeline li').allInnerTexts();
  check('overview: the timeline lists the five meetings',
        meetings.filter((m) => /\(meeting\)/.test(m)).length === 5, JSON.stringify(meetings));
  check('overview: the Overview tab carries aria-current="page"',
        (await page.locator('nav ul.tabs a[aria-current="page"]').allInnerTexts()).join('|') === 'Overview');
  check('overview: a link leads to the full composition',
        (await count(page, 'a[href="/processes/1/composition"]')) >= 1);
  await checkSkipLink(page, 'overview');
  await runAxe(page, 'overview');
  await page.close();
}

async function checkComposition(context, base) {
  const v = await visit(context, base, '/processes/1/composition', 'composition');
  await checkCommon(v);
  const { page } = v;
  check('composition: h1 reads "Composition"', (await text(page, 'h1')) === 'Composition', await text(page, 'h1'));
  check('composition: the Composition tab carries aria-current="page"',
        (await page.locator('nav ul.tabs a[aria-current="page"]').allInnerTexts()).join('|') === 'Composition');
  const summary = await text(page, 'main > p:not(.subtitle)');
  check('composition: the summary says 42 seats', /^42 seats\b/.test(summary), summary);

  const tableRows = (caption) => page.locator('table', { has: page.locator('caption', { hasText: caption }) })
    .first().locator('tbody tr').allInnerTexts();
  const byGroup = await tableRows('Seats by stakeholder group');
  const seatsOf = (rows) => rows.reduce((n, r) => n + Number(r.split('\t')[1] || 0), 0);
  check('composition: the stakeholder-group table adds up to 42', byGroup.length >= 5 && seatsOf(byGroup) === 42,
        JSON.stringify(byGroup));
  const byRegionalGroup = await tableRows('Government seats by UN regional group');
  const groups = ['African States', 'Asia-Pacific States', 'Eastern European States',
                  'Latin American and Caribbean States', 'Western European and other States'];
  check('composition: the UN regional group table gives each of the five groups 4 seats, 22 in all',
        groups.every((g) => byRegionalGroup.some((r) => r.startsWith(`${g}\t4\t`))) && seatsOf(byRegionalGroup) === 22,
        JSON.stringify(byRegionalGroup));
  check('composition: a table by M49 region is shown',
        (await tableRows("Seats by UN M49 region of the holder's country")).length >= 1);

  const chart = page.locator('section[aria-labelledby="by-group-heading"] svg');
  check('composition: the chart is an SVG hidden from assistive technology beside its table',
        (await chart.count()) === 1 && (await chart.getAttribute('aria-hidden')) === 'true');
  const clipped = await chart.evaluate((svg) => {
    const view = svg.viewBox.baseVal;
    return [...svg.querySelectorAll('text')].map((t) => ({ text: t.textContent, box: t.getBBox() }))
      .filter(({ box }) => box.x < view.x - 0.5 || box.x + box.width > view.x + view.width + 0.5)
      .map(({ text, box }) => `"${text}" spans x ${box.x.toFixed(0)}..${(box.x + box.width).toFixed(0)}, ` +
                              `chart ${view.x}..${view.x + view.width}`);
  }).catch((e) => [e.message]);
  check('composition: every chart label is drawn whole inside the chart', clipped.length === 0, clipped.join('\n'));

  const civil = await page.locator('table', { has: page.locator('caption', { hasText: /^Civil society$/ }) })
    .locator('tbody tr').allInnerTexts();
  check('composition: a Civil society table lists its 5 seats', civil.length === 5, JSON.stringify(civil));
  const main = await text(page, 'main');
  check('composition: ICANN is shown as a seat holder', /ICANN|Internet Corporation for Assigned Names and Numbers/.test(main));
  const notRecorded = await page.locator('td.not-recorded', { hasText: 'Holder not recorded' }).count();
  check('composition: seats without a known holder read "Holder not recorded"', notRecorded > 0, `${notRecorded} cells`);
  const others = await text(page, 'section[aria-labelledby="others-heading"]');
  check('composition: the chair and the UNCTAD secretariat are listed apart',
        /Benedicto Fonseca Filho/.test(others) && /UNCTAD|United Nations Conference on Trade and Development/.test(others),
        others.slice(0, 300));
  await checkSkipLink(page, 'composition');
  await runAxe(page, 'composition');
  await page.close();
}

async function checkNotFound(context, base) {
  const v = await visit(context, base, '/nope', 'not-found');
  await checkCommon(v, 404);
  const { page } = v;
  const h1 = await text(page, 'h1');
  check('not-found: a readable page says 404 and links home', /404/.test(h1) &&
        (await count(page, 'main a[href="/"]')) >= 1, h1);
  await runAxe(page, 'not-found');
  await page.close();
}

// The password of a demo account, from the "Demo accounts" block the server printed on first start.
function demoPassword(role) {
  const block = serverStdout.split('Demo accounts')[1] || '';
  const m = block.match(new RegExp(`^\\s*${role}\\s+(\\S+@\\S+)\\s+(\\S+)\\s*$`, 'm'));
  return m ? { email: m[1], password: m[2] } : null;
}

// A small valid PDF (one empty page), built with a correct cross-reference table.
function minimalPdf() {
  const objects = ['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
                   '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>'];
  let pdf = '%PDF-1.4\n';
  const offsets = objects.map((o, i) => { const at = pdf.length; pdf += `${i + 1} 0 obj\n${o}\nendobj\n`; return at; });
  const xref = pdf.length;
  pdf += `xref\n0 4\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  pdf += `trailer\n<< /Size 4 /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}

// A browser context as the pages are checked in: desktop size, English, and the pages' CSP bypassed
// only so that axe-core can be injected.
// The opinion conversation of the demo: vote by keyboard (Tab and Enter, and the access keys),
// then the results page with its SVG map, tables and citation, checked by axe.
async function checkConversation(browser, base) {
  const visitor = await newContext(browser);
  const v = await visit(visitor, base, '/conversations/1', 'conversation-vote');
  await checkCommon(v);
  await runAxe(v.page, 'conversation-vote');
  const page = v.page;
  const buttons = await page.$$eval('form[action$="/votes"] button', (bs) => bs.map((b) => [b.value, b.accessKey]));
  check('conversation-vote: three buttons agree/disagree/pass with access keys A, D, P',
        JSON.stringify(buttons) === JSON.stringify([['agree', 'a'], ['disagree', 'd'], ['pass', 'p']]), JSON.stringify(buttons));
  check('conversation-vote: the keys are explained on the page', /access keys A \(agree\)/.test(await text(page, '#vote-keys')));
  await page.focus('button[value="agree"]');
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => {
    const e = document.activeElement;
    const style = getComputedStyle(e);
    return { value: e.value, outline: style.outlineStyle, width: style.outlineWidth };
  });
  check('conversation-vote: Tab moves from Agree to Disagree with a visible focus outline',
        focused.value === 'disagree' && focused.outline !== 'none' && focused.width !== '0px', JSON.stringify(focused));
  const first = await text(page, '#statement-text');
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  check('conversation-vote: Enter on Disagree records the vote and shows the next statement',
        /Your vote \(disagree\) was recorded/.test(await text(page, '.notice')) && (await text(page, '#statement-text')) !== first,
        await text(page, 'main'));
  // (Headless Chromium does not deliver access keys, so the buttons' accesskey attributes are
  // checked above and the keyboard path here is Tab and Space.)
  await page.focus('button[value="agree"]');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Space')]);
  check('conversation-vote: Tab, Tab, Space on Pass records a pass',
        /Your vote \(pass\) was recorded/.test(await text(page, '.notice')), await text(page, '.notice'));
  await page.close();
  // Synthetic votes so the map has something to show (the demo itself holds none).
  for (let i = 0; i < 24; i++) {
    let token = '';
    for (let s = 1; s <= 10; s++) {
      const vote = s === 1 ? 'agree' : ((i % 2 === 0) === (s % 2 === 0) ? 'agree' : 'disagree');
      const r = await fetch(`${base}/api/conversations/1/votes`, {
        method: 'POST', body: JSON.stringify({ statement: s, vote }),
        headers: { 'content-type': 'application/json', ...(token ? { 'x-participant-token': token } : {}) },
      });
      const body = await r.json();
      if (!token) token = body.participant_token;
    }
    await fetch(`${base}/api/conversations/1/participants`, {
      method: 'POST', body: JSON.stringify({ stakeholder_group: i % 2 ? 'government' : 'civil_society', country: i % 3 ? 'KE' : 'FR' }),
      headers: { 'content-type': 'application/json', 'x-participant-token': token },
    });
  }
  for (const [path, name] of [['/conversations/1/results', 'conversation-results'],
                              ['/conversations/1/results?groups=stakeholder_group', 'conversation-results-declared']]) {
    const r = await visit(visitor, base, path, name);
    await checkCommon(r);
    await runAxe(r.page, name);
    const svg = await r.page.evaluate(() => {
      const e = document.querySelector('main svg.opinion-map');
      return e && { role: e.getAttribute('role'), title: e.querySelector('title')?.textContent, desc: !!e.querySelector('desc'),
                    hulls: e.querySelectorAll('polygon, circle[fill="none"]').length, points: e.querySelectorAll('circle[r="3.5"]').length };
    });
    check(`${name}: the opinion map is an SVG with role=img, a title and a description`,
          svg && svg.role === 'img' && /Opinion map of \d+ participants/.test(svg.title) && svg.desc, JSON.stringify(svg));
    check(`${name}: the map draws the participants and outlines the groups`, svg && svg.points >= 20 && svg.hulls >= 2, JSON.stringify(svg));
    const captions = await r.page.$$eval('main table', (ts) => ts.map((t) => (t.caption ? t.caption.textContent : '')));
    check(`${name}: every table has a caption`, captions.length >= 4 && captions.every((c) => c.length > 0), JSON.stringify(captions));
    check(`${name}: the cross-tabulations by stakeholder group and region are shown`,
          captions.some((c) => /declared stakeholder group/.test(c)) && captions.some((c) => /UN region/.test(c)), JSON.stringify(captions));
    check(`${name}: a citation names the snapshot`, /Opinion map of .*snapshot \d+ of .*participants, .*votes/.test(await text(r.page, '.citation')));
    await r.page.close();
  }
  await visitor.close();
}

async function newContext(browser) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB', bypassCSP: true,
                                             extraHTTPHeaders: { 'Accept-Language': 'en' } });
  context.setDefaultTimeout(5_000);  // a missing element fails its check quickly
  return context;
}

// Signs `context` in as the demo secretariat through the sign-in form; false if it cannot.
async function signInAsSecretariat(context, base) {
  const account = demoPassword('secretariat');
  if (!check('the server printed the demo secretariat account', account !== null, serverStdout.slice(0, 500))) return false;
  const signIn = await openTab(context);
  try {
    await signIn.goto(`${base}/sign-in?next=/processes/1/accreditation`);
    await signIn.fill('#email', account.email);
    await signIn.fill('#password', account.password);
    await Promise.all([signIn.waitForURL('**/processes/1/accreditation'), signIn.click('main form button[type="submit"]')]);
    await signIn.waitForLoadState('load');
  } finally {
    await signIn.close();
  }
  return true;
}

// Accreditation: the request form signed out (`context`) and signed in as the demo secretariat
// (`staff`), a request sent with a PDF, then the secretariat's queue with it pending and once
// refused; axe on each.
async function checkAccreditation(context, staff, base) {
  let v = await visit(context, base, '/processes/1/accreditation', 'accreditation-signed-out');
  await checkCommon(v);
  check('accreditation-signed-out: a link leads to sign in and back',
        (await count(v.page, 'main a[href="/sign-in?next=/processes/1/accreditation"]')) === 1);
  await runAxe(v.page, 'accreditation-signed-out');
  await v.page.close();
  v = await visit(staff, base, '/processes/1/accreditation', 'accreditation-form');
  await checkCommon(v);
  const { page } = v;
  check('accreditation-form: the capacity radios sit in a fieldset with a legend',
        (await count(page, 'fieldset:has(legend) input[type="radio"][name="capacity"]')) === 2);
  check('accreditation-form: the seat select lists the 42 seats of the membership',
        (await count(page, '#member_id option[value]:not([value=""])')) === 42);
  check('accreditation-form: the letter input takes PDFs',
        (await page.getAttribute('#letter', 'accept')) === 'application/pdf');
  await checkSkipLink(page, 'accreditation-form');
  await runAxe(page, 'accreditation-form');
  await page.check('#capacity-observer');
  await page.fill('#organisation', 'Internet Society');
  await page.setInputFiles('#letter', { name: 'note-verbale.pdf', mimeType: 'application/pdf', buffer: minimalPdf() });
  await Promise.all([page.waitForURL('**/processes/1/accreditation?received=*'), page.click('main form button[type="submit"]')]);
  const notice = await text(page, 'p.notice[role="status"]');
  check('accreditation-form: sending shows a "received" notice', /has been received/.test(notice), notice);
  check('accreditation-form: the request is listed under "Your requests"',
        (await count(page, 'section[aria-labelledby="own-heading"] tbody tr')) === 1);
  await runAxe(page, 'accreditation-received');
  await page.close();

  v = await visit(staff, base, '/processes/1/accreditations', 'accreditation-queue');
  await checkCommon(v);
  const queue = v.page;
  const row = await text(queue, 'section[aria-labelledby="pending-heading"] tbody tr');
  check('accreditation-queue: the request waits, with who sent it and a link to the letter',
        /Secretariat \(demo\)/.test(row) && /Internet Society/.test(row) && /note-verbale\.pdf/.test(row), row);
  const approve = queue.locator('section[aria-labelledby="pending-heading"] button').first();
  check('accreditation-queue: the approve button is named for its request',
        /^Approve request \d+ from Secretariat \(demo\)$/.test(await approve.getAttribute('aria-label') || ''));
  await runAxe(queue, 'accreditation-queue');
  const reason = queue.locator('section[aria-labelledby="pending-heading"] input[name="reason"]').first();
  await reason.fill('A test request: the letter is blank.');
  await Promise.all([queue.waitForURL('**/processes/1/accreditations?decided=*'),
                     queue.locator('section[aria-labelledby="pending-heading"] button.secondary').first().click()]);
  const decided = await text(queue, 'section[aria-labelledby="decided-heading"] tbody tr');
  check('accreditation-queue: the refusal is listed with its reason', /Refused: A test request/.test(decided), decided);
  await runAxe(queue, 'accreditation-queue-decided');
  await queue.close();
}

// ---- Calls for contributions -------------------------------------------------------------------
// The secretariat opens CALL through the JSON API; a signed-out visitor contributes to it by
// keyboard, trips over two refusals, then reads the list, the contribution and a search.
const CALL = {
  title: 'Browser test call on enhanced cooperation',
  questions: ['What works well today?', 'What should change?'],
  opens_at: '2020-01-01T00:00:00Z',
  closes_at: '2100-01-01T00:00:00Z',
};
const WORD = 'subsidiarity';  // said in the contribution only, then searched for
const NOTES = 'Notes on subsidiarity, written for the browser test.\n';

// The role, name and description Chromium's accessibility tree gives each element, as a screen
// reader gets them (null where the selector finds nothing).
async function accessibleNames(page, selectors) {
  const cdp = await page.context().newCDPSession(page);
  try {
    const out = [];
    for (const selector of selectors) {
      const { result } = await cdp.send('Runtime.evaluate',
                                        { expression: `document.querySelector(${JSON.stringify(selector)})` });
      if (!result.objectId) {
        out.push(null);
        continue;
      }
      const { nodes } = await cdp.send('Accessibility.getPartialAXTree', { objectId: result.objectId, fetchRelatives: false });
      const node = nodes.find((n) => !n.ignored) || {};
      out.push({ role: node.role?.value, name: node.name?.value ?? '', description: node.description?.value ?? '' });
    }
    return out;
  } finally {
    await cdp.detach().catch(() => {});
  }
}

// Runs `action` (a click, a key press) and waits for the page it leads to; gives its response.
async function navigate(page, action) {
  const [response] = await Promise.all([page.waitForNavigation(), action()]);
  return response;
}

// Whether the element is wholly inside the viewport.
const inViewport = (page, selector) => page.locator(selector).first().evaluate((el) => {
  const box = el.getBoundingClientRect();
  return box.height > 0 && box.top >= 0 && box.bottom <= innerHeight;
}).catch(() => false);

// As the demo secretariat: open CALL through the JSON API, with the session's CSRF token.
async function createOpenCall(staff, base) {
  const session = await staff.request.get(`${base}/api/session`);
  const token = session.ok() ? (await session.json()).csrf_token : '';
  const r = await staff.request.post(`${base}/api/processes/1/calls`, { headers: { 'X-CSRF-Token': token }, data: CALL });
  const body = await r.json().catch(() => ({}));
  check('the demo secretariat opens a call through POST /api/processes/1/calls (201, open)',
        r.status() === 201 && body.state === 'open' && Number.isInteger(body.id),
        `${r.status()} ${JSON.stringify(body).slice(0, 300)}`);
  return Number.isInteger(body.id) ? body.id : null;
}

async function checkCalls(context, base, callId) {
  const v = await visit(context, base, '/processes/1/calls', 'calls');
  await checkCommon(v);
  const { page } = v;
  check('calls: h1 reads "Calls for contributions"', (await text(page, 'h1')) === 'Calls for contributions',
        await text(page, 'h1'));
  check('calls: the Calls tab carries aria-current="page"',
        (await page.locator('nav ul.tabs a[aria-current="page"]').allInnerTexts()).join('|') === 'Calls for contributions');
  const sections = await page.locator('main section').allInnerTexts();
  check('calls: the WGEC call is listed as closed and the new call as open',
        sections.some((s) => s.startsWith('Call for inputs on the two guiding questions') && /\nClosed · /.test(s)) &&
        sections.some((s) => s.startsWith(CALL.title) && /\nOpen · /.test(s)), JSON.stringify(sections).slice(0, 600));
  check('calls: each call is a heading that links to its page',
        (await count(page, 'main section h2 a[href="/calls/1"]')) === 1 &&
        (await count(page, `main section h2 a[href="/calls/${callId}"]`)) === 1);
  await runAxe(page, 'calls');
  await page.close();

  const closed = await visit(context, base, '/calls/1', 'call-closed');
  await checkCommon(closed);
  const notice = await text(closed.page, 'main p.notice:last-of-type');
  check('call-closed: the WGEC call says it closed on 7 December 2016 and shows no form',
        (await count(closed.page, 'main form')) === 0 && /closed on 7 December 2016/.test(notice), notice);
  check('call-closed: it says no contribution is published instead of linking to an empty list',
        /No contribution to this call has been published yet/.test(await text(closed.page, 'main')));
  await runAxe(closed.page, 'call-closed');
  await closed.page.close();
}

// The form's controls in document order: selector, label (the accessible name), and the text of
// the hint that should describe it.
const FORM_CONTROLS = [
  ['#author_name', 'Your name', 'Required.'],
  ['#publish_name', 'Publish my name with my contribution'],
  ['#organisation', 'Organisation (if you write for one)'],
  ['#stakeholder_group', 'Stakeholder group'],
  ['#country', 'Country'],
  ['#language', 'Language of your contribution', 'the language is detected'],
  ['#answer_1', `Question 1: ${CALL.questions[0]}`],
  ['#answer_2', `Question 2: ${CALL.questions[1]}`],
  ['#body', 'Your text', 'Markdown'],
  ['#attachments', 'Attachments', 'PDF, DOCX or plain text'],
  ['main form button[type="submit"]', 'Send my contribution'],
];

// A visitor (signed out) fills the form with the keyboard: Tab from the top of the page reaches
// every field in order, and each is filled as it gets focus. Returns the contribution's id and receipt.
async function checkContribute(context, base, callId) {
  const v = await visit(context, base, `/calls/${callId}`, 'call');
  await checkCommon(v);
  const { page } = v;
  check('call: h1 is the call title', (await text(page, 'h1')) === CALL.title, await text(page, 'h1'));
  check('call: the two questions are listed',
        JSON.stringify(await page.locator('main ol li').allInnerTexts()) === JSON.stringify(CALL.questions));
  check('call: the form groups its fields in two fieldsets, each with a legend',
        JSON.stringify(await page.locator('main form fieldset > legend').allInnerTexts()) ===
        JSON.stringify(['About you', 'Your contribution']));

  const nodes = await accessibleNames(page, FORM_CONTROLS.map(([selector]) => selector));
  const badName = FORM_CONTROLS.flatMap(([selector, name], i) =>
    nodes[i]?.name === name ? [] : [`${selector}: expected "${name}", got ${JSON.stringify(nodes[i])}`]);
  check('call: every control is named by its <label> in the accessibility tree', badName.length === 0, badName.join('\n'));
  const badHint = FORM_CONTROLS.flatMap(([selector, , hint], i) => !hint || (nodes[i]?.description || '').includes(hint) ? []
    : [`${selector}: description should include "${hint}", got ${JSON.stringify(nodes[i])}`]);
  check('call: the hints describe their fields (aria-describedby)', badHint.length === 0, badHint.join('\n'));
  const beside = await page.evaluate(() => {
    const box = document.querySelector('#publish_name').getBoundingClientRect();
    const label = document.querySelector('label[for="publish_name"]').getBoundingClientRect();
    return label.left >= box.right && label.top < box.bottom && label.bottom > box.top && box.width >= 16;
  });
  check('call: the checkbox (at least 16 px) has its label beside it, not below', beside);

  // The keyboard: Tab from the top, filling each field as it gets focus.
  const typed = {
    author_name: 'Ada Lovelace',
    organisation: 'Analytical Engine Society',
    answer_1: 'Open **consultations** work well.',
    answer_2: '- more time to comment\n- more languages',
    body: `We value *${WORD}* and interoperability.`,
  };
  const fill = {
    publish_name: async () => {  // Space toggles it; it ends checked so that the name is published
      await page.keyboard.press('Space');
      const off = !(await page.isChecked('#publish_name'));
      await page.keyboard.press('Space');
      check('call: Space toggles the publish-name checkbox', off && (await page.isChecked('#publish_name')));
    },
    stakeholder_group: () => page.keyboard.type('Civil'),  // type-ahead in a closed select
    country: () => page.keyboard.type('Kenya'),
    language: () => page.keyboard.type('English'),
    attachments: () => page.setInputFiles('#attachments', { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from(NOTES) }),
  };
  const order = [];
  for (let i = 0; i < 80 && !order.includes('submit'); i++) {
    await page.keyboard.press('Tab');
    const id = await page.evaluate(() => {
      const el = document.activeElement;
      return el && el.closest('main form') ? (el.type === 'submit' ? 'submit' : el.id) : null;
    });
    if (id === null || order.includes(id)) continue;
    order.push(id);
    if (typed[id]) await page.keyboard.type(typed[id]);
    else if (fill[id]) await fill[id]();
  }
  const expectedOrder = FORM_CONTROLS.map(([selector]) => selector.startsWith('#') ? selector.slice(1) : 'submit');
  check('call: Tab reaches every field of the form, in order, ending on the submit button',
        JSON.stringify(order) === JSON.stringify(expectedOrder), `order: ${order.join(', ')}`);
  const values = await page.evaluate(() => Object.fromEntries(
    ['author_name', 'organisation', 'stakeholder_group', 'country', 'language', 'answer_1', 'answer_2', 'body']
      .map((id) => [id, document.getElementById(id).value])));
  const wanted = { ...typed, stakeholder_group: 'civil_society', country: 'KEN', language: 'en' };
  check('call: the keyboard filled every field (selects by type-ahead)',
        Object.entries(wanted).every(([k, want]) => values[k] === want), JSON.stringify(values));
  await page.screenshot({ path: join(out, 'call-filled.png'), fullPage: true });
  await runAxe(page, 'call');

  // Enter on the focused submit button sends the form.
  const response = await navigate(page, () => page.keyboard.press('Enter'));
  await checkCommon({ page, response, errors: v.errors, name: 'receipt' }, 201);
  const notice = await text(page, 'main p.notice[role="status"]');
  const m = notice.match(/number (\d+), receipt (R-[0-9A-Z]{5}-[0-9A-Z]{5})\b/);
  check('receipt: h1 "Contribution received" and a status message with the number and receipt',
        (await text(page, 'h1')) === 'Contribution received' && m !== null, notice);
  const id = m ? Number(m[1]) : 0;
  check('receipt: links to the contribution as published and back to the call',
        (await count(page, `main a[href="/contributions/${id}"]`)) === 1 &&
        (await count(page, `main a[href="/calls/${callId}"]`)) === 1);
  await runAxe(page, 'receipt');
  await page.close();
  return m ? { id, receipt: m[2] } : null;
}

// Two refusals: the server's own checks (the browser's `required` passes), each shown in words
// with role=alert, focused and on screen, and the form refilled with what was typed.
async function checkContributeErrors(context, base, callId) {
  let v = await visit(context, base, `/calls/${callId}`, 'call-error-empty');
  let { page } = v;
  await page.fill('#author_name', 'Grace Hopper');
  await page.fill('#organisation', 'Navy');
  await page.selectOption('#stakeholder_group', 'government');
  let response = await navigate(page, () => page.click('main form button[type="submit"]'));
  let alert = await text(page, 'main [role="alert"]');
  check('call-error-empty: a form with a name but nothing said is refused (400) with an alert',
        response.status() === 400 && /was not sent/.test(alert) && /a 'body', an answer or an attachment/.test(alert),
        `${response.status()} ${alert}`);
  const kept = await page.evaluate(() => ['author_name', 'organisation', 'stakeholder_group']
    .map((id) => document.getElementById(id).value));
  check('call-error-empty: the name, organisation and group typed are kept',
        JSON.stringify(kept) === JSON.stringify(['Grace Hopper', 'Navy', 'government']), JSON.stringify(kept));
  await page.close();

  v = await visit(context, base, `/calls/${callId}`, 'call-error');
  page = v.page;
  await page.fill('#author_name', 'Grace Hopper');
  await page.uncheck('#publish_name');
  await page.selectOption('#country', 'BRA');
  await page.fill('#answer_1', 'Hearings held online.');
  await page.fill('#body', 'See the attached paper.');
  await page.setInputFiles('#attachments', { name: 'x.pdf', mimeType: 'application/pdf', buffer: Buffer.from('This is not a PDF.\n') });
  response = await navigate(page, () => page.click('main form button[type="submit"]'));
  alert = await text(page, 'main [role="alert"]');
  check('call-error: an x.pdf that is no PDF is refused (400) with an alert naming the file and asking to attach again',
        response.status() === 400 && /x\.pdf/.test(alert) && /attach your files again/.test(alert),
        `${response.status()} ${alert}`);
  check('call-error: the page title starts with "Error:"', (await page.title()).startsWith('Error: '), await page.title());
  const refill = await page.evaluate(() => ({
    name: document.getElementById('author_name').value, publish: document.getElementById('publish_name').checked,
    country: document.getElementById('country').value, answer: document.getElementById('answer_1').value,
    body: document.getElementById('body').value,
  }));
  check('call-error: everything typed is kept (name, unticked box, country, answer, text)',
        refill.name === 'Grace Hopper' && !refill.publish && refill.country === 'BRA' &&
        refill.answer === 'Hearings held online.' && refill.body === 'See the attached paper.', JSON.stringify(refill));
  await page.waitForFunction(() => document.activeElement?.id === 'form-error', null, { timeout: 2_000 }).catch(() => {});
  const focus = await page.evaluate(() => ({ id: document.activeElement?.id, role: document.activeElement?.getAttribute('role'),
                                             outline: getComputedStyle(document.activeElement).outlineStyle }));
  check('call-error: focus is on the alert, which is on screen with a focus outline',
        focus.id === 'form-error' && focus.role === 'alert' && focus.outline !== 'none' &&
        (await inViewport(page, '#form-error')), JSON.stringify(focus));
  await page.screenshot({ path: join(out, 'call-error.png') });  // the viewport, as the visitor sees it
  await page.keyboard.press('Tab');
  check('call-error: the next Tab goes to the first field',
        (await page.evaluate(() => document.activeElement?.id)) === 'author_name');
  await runAxe(page, 'call-error');
  await page.close();
}

// The list, a filter applied with the GET form, and the contribution opened from its row.
async function checkContributions(context, base, callId, submitted) {
  const v = await visit(context, base, `/calls/${callId}/contributions`, 'contributions');
  await checkCommon(v);
  const { page } = v;
  check('contributions: h1 names the call', (await text(page, 'h1')) === `Contributions to: ${CALL.title}`,
        await text(page, 'h1'));
  const filters = await accessibleNames(page, ['#filter-question', '#filter-stakeholder_group', '#filter-country',
                                               '#filter-language']);
  check('contributions: the four filters sit in a fieldset "Show only", each named by its label',
        (await text(page, 'main form fieldset legend')) === 'Show only' &&
        JSON.stringify(filters.map((n) => n?.name)) === JSON.stringify(['Answers question', 'Stakeholder group', 'Country', 'Language']),
        JSON.stringify(filters));
  check('contributions: the count reads "1 contribution matches." (the refused tries are not there)',
        (await text(page, 'main p[role="status"]')) === '1 contribution matches.', await text(page, 'main p[role="status"]'));
  const headers = await page.locator('main table thead th[scope="col"]').allInnerTexts();
  check('contributions: the table has a caption and six column headers',
        (await text(page, 'main table caption')) === 'Published contributions' && headers.length === 6, JSON.stringify(headers));
  const row = await page.locator('main table tbody tr').allInnerTexts();
  check('contributions: one row, its number a row header linking to the contribution, then author, group, country, ' +
        'language and an excerpt without Markdown markers',
        row.length === 1 && (await count(page, `main table tbody tr th[scope="row"] a[href="/contributions/${submitted.id}"]`)) === 1 &&
        /\tAda Lovelace\tCivil society\tKenya\tEnglish\tWe value subsidiarity and interoperability\.$/.test(row[0]),
        JSON.stringify(row));
  check('contributions: the table sits in a focusable region named by its caption, to scroll on narrow screens',
        (await count(page, 'main div.table-scroll[role="region"][tabindex="0"][aria-labelledby] > table')) === 1);
  await runAxe(page, 'contributions');

  // Filter by question and country with the form, as a person would.
  await page.selectOption('#filter-question', '2');
  await page.selectOption('#filter-country', 'KEN');
  let response = await navigate(page, () => page.click('main form button[type="submit"]'));
  const url = new URL(page.url());
  check('contributions: Apply sends the filters as a GET query and keeps them selected',
        response.status() === 200 && url.searchParams.get('question') === '2' && url.searchParams.get('country') === 'KEN' &&
        (await page.inputValue('#filter-question')) === '2' && (await page.inputValue('#filter-country')) === 'KEN', page.url());
  check('contributions: the filtered list still holds the contribution',
        (await text(page, 'main p[role="status"]')) === '1 contribution matches.' &&
        (await count(page, 'main table tbody tr')) === 1);
  await page.screenshot({ path: join(out, 'contributions-filtered.png'), fullPage: true });
  await runAxe(page, 'contributions-filtered');

  // The contribution, from its row.
  response = await navigate(page, () => page.click(`main table a[href="/contributions/${submitted.id}"]`));
  await checkCommon({ page, response, errors: v.errors, name: 'contribution' });
  check('contribution: h1 reads "Contribution N"', (await text(page, 'h1')) === `Contribution ${submitted.id}`, await text(page, 'h1'));
  const facts = await text(page, 'main dl.facts');
  check('contribution: the facts give the author, organisation, group, country, language and receipt',
        ['Ada Lovelace', 'Analytical Engine Society', 'Civil society', 'Kenya', 'English', submitted.receipt]
          .every((f) => facts.includes(f)), facts);
  const sections = await page.locator('main section h2').allInnerTexts();
  check('contribution: each answer is a section headed by its question, then the text, then the campaign panel',
        JSON.stringify(sections) === JSON.stringify([`Question 1: ${CALL.questions[0]}`, `Question 2: ${CALL.questions[1]}`, 'Text',
                                                     'Campaign and consent']),
        JSON.stringify(sections));
  const markdown = await page.evaluate(() => ({
    strong: document.querySelector('main section strong')?.textContent,
    items: document.querySelectorAll('section[aria-labelledby="answer-2-heading"] ul > li').length,
    em: document.querySelector('section[aria-labelledby="body-heading"] em')?.textContent,
    raw: /\*\*|^- /m.test(document.querySelector('main').innerText),
  }));
  check('contribution: the Markdown is rendered (strong, a list, emphasis), no raw markers left',
        markdown.strong === 'consultations' && markdown.items === 2 && markdown.em === WORD && !markdown.raw,
        JSON.stringify(markdown));
  const file = page.locator('main a[href*="/files/"]');
  const fileHref = await file.getAttribute('href').catch(() => null);
  const fileBody = fileHref ? await (await context.request.get(base + fileHref)).text() : '';
  check('contribution: the attachment is listed and downloads byte for byte',
        (await file.innerText().catch(() => '')) === 'notes.txt' && fileBody === NOTES, fileHref || 'no link');
  await runAxe(page, 'contribution');
  await page.close();
}

// Search from the search page's form: the hit, with the word marked.
async function checkSearch(context, base, submitted) {
  const v = await visit(context, base, '/search?process=1', 'search');
  await checkCommon(v);
  const { page } = v;
  const [box] = await accessibleNames(page, ['#q']);
  check('search: a search landmark whose box is named by its label',
        (await count(page, 'main [role="search"]')) === 1 && box?.name === 'Words to find (in any of the six languages)',
        JSON.stringify(box));
  await page.focus('#q');
  await page.keyboard.type(WORD);
  const response = await navigate(page, () => page.keyboard.press('Enter'));
  await checkCommon({ page, response, errors: v.errors, name: 'search-results' });
  check('search: Enter searches, and the count reads "1 contribution found."',
        new URL(page.url()).searchParams.get('q') === WORD &&
        (await text(page, 'main p[role="status"]')) === '1 contribution found.', page.url());
  check('search: the hit links to the contribution',
        (await count(page, `main ol.hits li a[href="/contributions/${submitted.id}"]`)) === 1);
  const marks = await page.locator('main ol.hits mark').allInnerTexts();
  check(`search: "${WORD}" is highlighted with <mark>`, marks.some((m) => m.toLowerCase() === WORD), JSON.stringify(marks));
  const look = await page.locator('main ol.hits mark').first().evaluate((m) => ({
    weight: Number(getComputedStyle(m).fontWeight), background: getComputedStyle(m).backgroundColor,
  })).catch((e) => ({ error: e.message }));
  check('search: a match is shown by more than colour (bold as well as highlighted)', look.weight >= 600, JSON.stringify(look));
  await runAxe(page, 'search-results');
  await page.close();
}

// ---- Mass campaigns ----------------------------------------------------------------------------
// Ten copies of a form letter, three with a sentence of their own, sent through the API: the
// background detection groups them; the campaign page marks each addition and passes axe.
const LETTER = 'We the undersigned ask the working group to publish every draft of its report, to hold ' +
  'open consultations in each region before its next meeting, and to record how each comment was ' +
  'considered. Transparency is the basis of trust in enhanced cooperation, and the public deserves ' +
  'to follow the negotiations as they happen rather than read about them afterwards.';
async function checkCampaign(context, base, callId) {
  const additions = ['Our library has no internet access.', 'Please translate the drafts.', 'Our library has no internet access.'];
  for (let i = 0; i < 10; i++) {
    const body = i < additions.length ? `${LETTER} ${additions[i]}` : LETTER;
    await context.request.post(`${base}/api/calls/${callId}/contributions`, { data: { author_name: `Signatory ${i}`, body } });
  }
  let campaign = null;
  for (let i = 0; i < 100 && !campaign; i++) {
    const listed = await (await context.request.get(`${base}/api/calls/${callId}/campaigns`)).json();
    campaign = (listed.campaigns || []).find((c) => c.count === 10) || null;
    if (!campaign) await new Promise((r) => setTimeout(r, 100));
  }
  if (!check('campaigns: ten copies of a letter become a campaign of 10 within 10 s', campaign !== null)) return;
  const v = await visit(context, base, `/campaigns/${campaign.id}`, 'campaign');
  await checkCommon(v);
  const { page } = v;
  const marks = await page.locator('main table mark').allInnerTexts();
  check('campaign: each personal addition is marked', marks.filter((m) => m === 'our library has no internet access').length === 2 &&
        marks.includes('please translate the drafts'), JSON.stringify(marks));
  const top = await text(page, 'section[aria-labelledby="additions-heading"] li');
  check('campaign: the most frequent addition comes first, with its count', /added by 2 people/.test(top), top);
  await checkSkipLink(page, 'campaign');
  await runAxe(page, 'campaign');
  await page.close();
  const list = await visit(context, base, `/calls/${callId}/campaigns`, 'campaigns');
  await checkCommon(list);
  check('campaigns: the statistics count the campaign', /10 in 1 campaigns/.test(await text(list.page, 'main section')),
        await text(list.page, 'main section'));
  await runAxe(list.page, 'campaigns');
  await list.page.close();
  return campaign.id;
}

// The pages carry no script, and read the same with JavaScript off.
async function checkWithoutJavaScript(browser, base, callId) {
  const context = await browser.newContext({ javaScriptEnabled: false });
  context.setDefaultTimeout(5_000);
  const pages = [['/', 'Policy processes'], ['/processes/1', 'Working Group on Enhanced Cooperation'],
                 ['/processes/1/composition', 'Composition'], ['/processes/1/calls', 'Calls for contributions']];
  if (callId) pages.push([`/calls/${callId}`, CALL.title]);
  for (const [path, h1] of pages) {
    const page = await openTab(context);
    const response = await page.goto(base + path);
    const html = await response.text();
    check(`${path} carries no <script> and reads the same without JavaScript`,
          !/<script\b/i.test(html) && (await text(page, 'h1')).includes(h1) &&
          (await count(page, 'main h2')) > 0, (await text(page, 'h1')));
    await page.close();
  }
  await context.close();
}

// ---- Run ---------------------------------------------------------------------------------------
let code;
try {
  const port = await startServer();
  check('plenary serve prints its port', port > 0, String(port));
  const base = `http://127.0.0.1:${port}`;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // Playwright gives each launch a fresh temporary profile (--user-data-dir).
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
           '--disable-component-update', '--disable-sync'],
  });
  const context = await newContext(browser);  // signed out
  await checkList(context, base);
  await checkOverview(context, base);
  await checkComposition(context, base);
  await checkNotFound(context, base);
  const staff = await newContext(browser);  // the demo secretariat
  let callId = null;
  if (await signInAsSecretariat(staff, base)) {
    await checkAccreditation(context, staff, base);
    callId = await createOpenCall(staff, base);
  }
  await staff.close();
  const reflow = [['/processes/1', 'overview'], ['/processes/1/composition', 'composition']];
  if (callId) {
    await checkCalls(context, base, callId);
    const visitor = await newContext(browser);  // signed out, no cookies
    const submitted = await checkContribute(visitor, base, callId);
    await checkContributeErrors(visitor, base, callId);
    if (submitted) {
      await checkContributions(visitor, base, callId, submitted);
      await checkSearch(visitor, base, submitted);
      const campaignId = await checkCampaign(visitor, base, callId);
      if (campaignId) reflow.push([`/campaigns/${campaignId}`, 'campaign']);
      reflow.push(['/processes/1/calls', 'calls'], [`/calls/${callId}`, 'call'],
                  [`/calls/${callId}/contributions`, 'contributions'], [`/contributions/${submitted.id}`, 'contribution'],
                  [`/search?process=1&q=${WORD}`, 'search-results']);
    }
    await visitor.close();
  }
  await checkConversation(browser, base);
  reflow.push(['/conversations/1', 'conversation-vote'], ['/conversations/1/results', 'conversation-results']);
  for (const [path, name] of reflow) {
    await checkReflow(context, base + path, name);
  }
  await context.close();
  await checkWithoutJavaScript(browser, base, callId);
} catch (e) {
  check('the run completes without an error', false, e.stack || String(e));
  code = 1;
}
await cleanup();
clearTimeout(deadline);
console.log(`screenshots: ${out}`);
finish(code);
