// The on-call console in a real browser: playwright-core driving Debian's chromium, headless. ConsoleBrowserTest
// (JUnit) starts hookgate, stores the data named in the environment below, runs this file with `node --test`, and
// checks the broker afterwards. Run alone it needs the same variables (see README, "On-call console").
//
//   CONSOLE_URL        http://localhost:<management port>/console
//   ADMIN_TOKEN        the admin token
//   SCREENSHOTS        folder for one full-page PNG per page
//   GITHUB_EVENT_ID, GITHUB_DELIVERY, GITHUB_BODY   a stored, published github event, its X-GitHub-Delivery and body
//   BULK_SOURCE, BULK_SMALL_TYPE, BULK_SMALL_COUNT, BULK_BIG_TYPE, BULK_BIG_COUNT   events for the bulk replays
//   REJECTION_MARKER, REJECTION_REASON   a rejected github webhook: a string in its body, and its reason
//   SINCE              an ISO-8601 time before all of the above (other tests share the app and its database)
//
// The tests run in order and share one signed-in browser: each step starts where the previous one left off.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

function env(name) {
  const value = process.env[name];
  if (value === undefined || value === '') {
    throw new Error(`${name} is not set (ConsoleBrowserTest sets it)`);
  }
  return value;
}

const CONSOLE = env('CONSOLE_URL').replace(/\/$/, '');
const TOKEN = env('ADMIN_TOKEN');
const SHOTS = env('SCREENSHOTS');
const GITHUB_EVENT_ID = env('GITHUB_EVENT_ID');
const GITHUB_DELIVERY = env('GITHUB_DELIVERY');
const GITHUB_BODY = env('GITHUB_BODY');
const BULK_SOURCE = env('BULK_SOURCE');
const BULK_SMALL_TYPE = env('BULK_SMALL_TYPE');
const BULK_SMALL_COUNT = Number(env('BULK_SMALL_COUNT'));
const BULK_BIG_TYPE = env('BULK_BIG_TYPE');
const BULK_BIG_COUNT = Number(env('BULK_BIG_COUNT'));
const REJECTION_MARKER = env('REJECTION_MARKER');
const REJECTION_REASON = env('REJECTION_REASON');
const SINCE = env('SINCE');

// Without the background-networking flags Chromium keeps dialling Google's hosts, which this closed network refuses.
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

let profile;
let context;
let page;
const dialogs = [];
const problems = [];

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  profile = mkdtempSync(join(tmpdir(), 'hookgate-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ARGS,
    viewport: { width: 1280, height: 800 },
    timeout: 60_000,
  });
  context.setDefaultTimeout(15_000);
  page = context.pages()[0] ?? await context.newPage();
  // A payload that ran as script would most likely open a dialog: record every one (and dismiss it, so nothing hangs).
  page.on('dialog', async (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    await dialog.dismiss().catch(() => {});
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    // The browser logs a page answered with 4xx (the refused sign-in) as "Failed to load resource": that one is
    // expected. Anything else at error level (a CSP violation, a script error) is not.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
      problems.push(`console error on ${page.url()}: ${message.text()}`);
    }
  });
});

after(async () => {
  await context?.close();
  if (profile) {
    rmSync(profile, { recursive: true, force: true });
  }
  assert.deepEqual(dialogs, [], 'no page may open a dialog: a payload ran as script');
  assert.deepEqual(problems, [], 'no script error or CSP violation on any page');
});

async function shot(name, fullPage = true) {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage });
  // Nothing is cut off on the right at 1280 px: no page needs a horizontal scroll bar.
  const width = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  assert.ok(width[0] <= width[1], `${name}: the page is ${width[0]} px wide in a ${width[1]} px window`);
}

function path(url) {
  return new URL(url).pathname;
}

/** The text of each cell of each body row of a table. */
async function rows(table) {
  return page.locator(`${table} tbody tr`).evaluateAll((trs) => trs.map(
    (tr) => Array.from(tr.querySelectorAll('th, td')).map((cell) => cell.textContent.trim())));
}

async function clickAndWaitForNavigation(locator) {
  await Promise.all([page.waitForEvent('framenavigated'), locator.click()]);
  await page.waitForLoadState('domcontentloaded');
}

async function nav(name) {
  await clickAndWaitForNavigation(page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name, exact: true }));
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), name);
}

async function jobState() {
  return (await page.locator('#job-state').textContent()).trim();
}

test('without a session every page is the sign-in page', async () => {
  await page.goto(`${CONSOLE}/events`);
  assert.equal(path(page.url()), '/console/login');
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'hookgate console');
  assert.ok(await page.getByLabel('Admin token').isVisible());
  await shot('signin');
});

test('a wrong token shows the error and no data', async () => {
  await page.getByLabel('Admin token').fill(`wrong-${TOKEN}`);
  const [response] = await Promise.all([
    page.waitForResponse((r) => path(r.url()) === '/console/login' && r.request().method() === 'POST'),
    page.getByRole('button', { name: 'Sign in' }).click(),
  ]);
  assert.equal(response.status(), 401);
  await page.waitForLoadState('domcontentloaded');
  assert.equal(await page.getByRole('alert').textContent(), 'That is not the admin token.');
  assert.ok(await page.getByLabel('Admin token').isVisible(), 'the sign-in form again');
  assert.equal(await page.getByRole('navigation').count(), 0, 'no console navigation');
  assert.equal(await page.locator('table').count(), 0, 'no table of anything');
  assert.deepEqual((await context.cookies()).filter((c) => c.name === 'hookgate_console'), [], 'no session cookie');
  await shot('signin-refused');
  // Still nothing without a session.
  await page.goto(`${CONSOLE}/events?source=github`);
  assert.equal(path(page.url()), '/console/login');
  assert.ok(!(await page.content()).includes(GITHUB_DELIVERY));
});

test('signing in with the admin token opens the overview', async () => {
  await page.goto(`${CONSOLE}/login`);
  await page.getByLabel('Admin token').fill(TOKEN);
  await clickAndWaitForNavigation(page.getByRole('button', { name: 'Sign in' }));
  await page.waitForURL(`${CONSOLE}/`);
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Overview');
  const overview = page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Overview' });
  assert.equal(await overview.getAttribute('aria-current'), 'page');
  // Per source: the chart and a link to its events.
  const github = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'github', exact: true }) });
  assert.equal(await github.count(), 1);
  assert.equal(await github.getByRole('img').count(), 1, 'the accepted-per-hour chart');
  await shot('overview');
});

test('keyboard: Tab reaches the skip link, then the navigation; every control is labelled', async () => {
  await nav('Events');
  // From the top of a freshly loaded page.
  await page.reload();
  await page.keyboard.press('Tab');
  const first = await page.evaluate(() => {
    const el = document.activeElement;
    const box = el.getBoundingClientRect();
    return { text: el.textContent.trim(), href: el.getAttribute('href'), left: box.left, top: box.top };
  });
  assert.equal(first.text, 'Skip to content');
  assert.equal(first.href, '#main');
  assert.ok(first.left >= 0 && first.top >= 0, `the focused skip link is on screen (${first.left}, ${first.top})`);
  const tabbed = [];
  for (let i = 0; i < 5; i++) {
    await page.keyboard.press('Tab');
    tabbed.push(await page.evaluate(() => ({
      text: document.activeElement.textContent.trim(),
      inNav: document.activeElement.closest('nav[aria-label="Console"]') !== null,
    })));
  }
  assert.deepEqual(tabbed, ['Overview', 'Events', 'Rejections', 'Bulk replay', 'Sources'].map((text) => ({ text, inNav: true })));
  // The skip link skips: after it, Tab lands on the first filter, not the navigation.
  await page.reload();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'f-source');

  for (const label of ['Source', 'Status', 'Type', 'Provider event id', 'Since', 'Until', 'Refresh every 10 s']) {
    assert.equal(await page.getByLabel(label, { exact: true }).count(), 1, `one control labelled "${label}"`);
  }
  const unlabelled = await page.evaluate(() => Array.from(document.querySelectorAll(
    'input:not([type="hidden"]), select, textarea, button')).filter((el) => {
    if (el.tagName === 'BUTTON') {
      return el.textContent.trim() === '' && !el.getAttribute('aria-label');
    }
    return el.labels.length === 0 && !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby');
  }).map((el) => el.outerHTML));
  assert.deepEqual(unlabelled, [], 'form controls without an accessible label');
});

test('filter the events by source and status, then find one by its provider id', async () => {
  await page.getByLabel('Source', { exact: true }).selectOption('github');
  await page.getByLabel('Status', { exact: true }).selectOption('PUBLISHED');
  await page.getByLabel('Since', { exact: true }).fill(SINCE);
  await clickAndWaitForNavigation(page.getByRole('button', { name: 'Filter', exact: true }));
  const url = new URL(page.url());
  assert.equal(url.searchParams.get('source'), 'github');
  assert.equal(url.searchParams.get('status'), 'PUBLISHED');
  assert.equal(url.searchParams.get('since'), SINCE);
  // The form shows what was chosen.
  assert.equal(await page.getByLabel('Source', { exact: true }).inputValue(), 'github');
  assert.equal(await page.getByLabel('Status', { exact: true }).inputValue(), 'PUBLISHED');
  const listed = await rows('#events');
  assert.ok(listed.length >= 1, 'at least the event the test sent');
  for (const row of listed) {
    assert.equal(row[1], 'github', `only github events: ${row}`);
    assert.equal(row[4], 'PUBLISHED', `only published events: ${row}`);
  }
  assert.ok(listed.some((row) => row[3] === GITHUB_DELIVERY), `the delivery ${GITHUB_DELIVERY} is listed`);
  await shot('events');

  await page.getByLabel('Provider event id', { exact: true }).fill(GITHUB_DELIVERY);
  await clickAndWaitForNavigation(page.getByRole('button', { name: 'Filter', exact: true }));
  const found = await rows('#events');
  assert.equal(found.length, 1, `exactly one event with provider id ${GITHUB_DELIVERY}: ${JSON.stringify(found)}`);
  assert.equal(found[0][1], 'github');
  assert.equal(found[0][3], GITHUB_DELIVERY);
  assert.equal(await page.locator('#events caption').textContent(), '1 event, newest first');
  await shot('events-found');

  // The unfiltered list too, at screen size (the README shows it).
  await page.goto(`${CONSOLE}/events`);
  assert.ok((await rows('#events')).length >= 1);
  await shot('events-viewport', false);
  await page.goBack();
});

test('an event shows its exact payload, markup as text', async () => {
  await clickAndWaitForNavigation(page.locator('#events tbody tr').first().getByRole('link'));
  assert.equal(path(page.url()), `/console/events/${GITHUB_EVENT_ID}`);
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), `Event ${GITHUB_EVENT_ID}`);
  const raw = await page.locator('#payload-raw').textContent();
  assert.equal(raw, GITHUB_BODY, 'the raw payload is exactly the body that was sent');
  assert.ok(GITHUB_BODY.includes('<script>'), 'the test body carries a script tag');
  assert.equal(await page.locator('main script, main img').count(), 0, 'the payload made no element');
  assert.ok((await page.locator('#payload-pretty').textContent()).includes('"action" : "opened"'));
  assert.ok((await page.locator('#headers').textContent()).includes(GITHUB_DELIVERY));
  assert.ok(!(await page.locator('#headers').textContent()).includes('sha256='), 'the signature is redacted');
  await shot('event');
});

test('Replay sends the event again and says so', async () => {
  await clickAndWaitForNavigation(page.getByRole('button', { name: 'Replay', exact: true }));
  const url = new URL(page.url());
  assert.equal(url.pathname, `/console/events/${GITHUB_EVENT_ID}`);
  assert.equal(url.searchParams.get('replayed'), '1');
  assert.equal(await page.getByRole('status').textContent(), 'Replayed: the broker accepted it (replay 1).');
  console.log(`replayed ${GITHUB_EVENT_ID}`);
  await shot('event-replayed');
});

async function countThenStart(type, expected) {
  await nav('Bulk replay');
  await page.getByLabel('Source', { exact: true }).selectOption(BULK_SOURCE);
  await page.getByLabel('Type', { exact: true }).fill(type);
  await clickAndWaitForNavigation(page.getByRole('button', { name: 'Count (dry run)' }));
  assert.equal(await page.locator('#dry-run').textContent(), `${expected} events match this filter.`);
  // The form keeps the filter for the start.
  assert.equal(await page.getByLabel('Source', { exact: true }).inputValue(), BULK_SOURCE);
  assert.equal(await page.getByLabel('Type', { exact: true }).inputValue(), type);
  return page.getByRole('button', { name: `Start replaying ${expected} events` });
}

test('bulk replay: count first, start, watch the progress', async () => {
  const start = await countThenStart(BULK_SMALL_TYPE, BULK_SMALL_COUNT);
  await shot('replays');
  // The button promises the events that were counted: editing the filter afterwards must not change what it starts.
  await page.getByLabel('Type', { exact: true }).fill(BULK_BIG_TYPE);
  await clickAndWaitForNavigation(start);
  assert.match(path(page.url()), /^\/console\/replays\/[0-9a-f-]{36}$/);
  const progress = page.getByRole('progressbar');
  assert.equal(await progress.count(), 1);
  assert.equal(await progress.getAttribute('max'), String(BULK_SMALL_COUNT));
  assert.ok(['RUNNING', 'COMPLETED'].includes(await jobState()));
  // A running job's page reloads itself every 2 s.
  const deadline = Date.now() + 30_000;
  while (await jobState() !== 'COMPLETED' && Date.now() < deadline) {
    await page.waitForTimeout(500);
    await page.waitForLoadState('domcontentloaded');
  }
  assert.equal(await jobState(), 'COMPLETED');
  assert.equal(await page.getByRole('progressbar').getAttribute('value'), String(BULK_SMALL_COUNT));
  assert.equal(await page.getByRole('button', { name: 'Cancel' }).count(), 0, 'nothing to cancel');
  await shot('job-completed');
});

test('bulk replay: a running job can be cancelled', async () => {
  const start = await countThenStart(BULK_BIG_TYPE, BULK_BIG_COUNT);
  await clickAndWaitForNavigation(start);
  assert.match(path(page.url()), /^\/console\/replays\/[0-9a-f-]{36}$/);
  const jobUrl = page.url();
  // Let it send its first page (the bar moves), then cancel it mid-way.
  const deadline = Date.now() + 6_000;
  while (await jobState() === 'RUNNING' && Date.now() < deadline
      && Number(await page.getByRole('progressbar').getAttribute('value')) === 0) {
    await page.waitForTimeout(300);
    await page.reload();
  }
  const state = await jobState();
  console.log(`bulk replay cancel: the job page shows ${state}, `
    + `${await page.getByRole('progressbar').getAttribute('value')} of ${BULK_BIG_COUNT} published`);
  await shot('job');
  if (state === 'RUNNING') {
    await clickAndWaitForNavigation(page.getByRole('button', { name: 'Cancel', exact: true }));
    assert.equal(page.url(), jobUrl);
    assert.equal(await jobState(), 'CANCELLED');
    const published = Number(await page.getByRole('progressbar').getAttribute('value'));
    assert.ok(published < BULK_BIG_COUNT, `cancelled before the end: ${published} of ${BULK_BIG_COUNT}`);
    console.log(`bulk replay cancel: the job was RUNNING and is CANCELLED after ${published} of ${BULK_BIG_COUNT}`);
    // Cancelled stays cancelled.
    await page.waitForTimeout(1500);
    await page.reload();
    assert.equal(await jobState(), 'CANCELLED');
    assert.equal(await page.getByRole('button', { name: 'Cancel' }).count(), 0);
  } else {
    assert.equal(state, 'COMPLETED');
    console.log(`bulk replay cancel: the job had COMPLETED (${BULK_BIG_COUNT} events) before Cancel could be clicked`);
  }
  await shot('job-cancelled');
});

test('the rejection and its reason are on the Rejections page', async () => {
  await nav('Rejections');
  await page.getByLabel('Source', { exact: true }).fill('github');
  await page.getByLabel('Reason', { exact: true }).fill(REJECTION_REASON);
  await page.getByLabel('Since', { exact: true }).fill(SINCE);
  await clickAndWaitForNavigation(page.getByRole('button', { name: 'Filter', exact: true }));
  const listed = await rows('#rejections');
  const ours = listed.filter((row) => row[5].includes(REJECTION_MARKER));
  assert.equal(ours.length, 1, `the rejected webhook (${REJECTION_MARKER}) in ${JSON.stringify(listed)}`);
  assert.equal(ours[0][1], 'github');
  assert.equal(ours[0][2], REJECTION_REASON);
  assert.ok(ours[0][3].length > 0, 'a detail');
  for (const row of listed) {
    assert.equal(row[2], REJECTION_REASON);
  }
  await shot('rejections');
});

test('the sources page lists each source with its public URL', async () => {
  await nav('Sources');
  const github = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'github', exact: true }) });
  assert.equal(await github.count(), 1);
  assert.match(await github.locator('code.url').textContent(), /\/webhooks\/github$/);
  assert.equal(await github.getByRole('button', { name: 'Reconcile now' }).count(), 1);
  await shot('sources');
});

test('signing out ends the session', async () => {
  await clickAndWaitForNavigation(page.getByRole('button', { name: 'Sign out' }));
  assert.equal(path(page.url()), '/console/login');
  await page.goto(`${CONSOLE}/events`);
  assert.equal(path(page.url()), '/console/login');
});
