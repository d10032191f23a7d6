// Time to first render of console pages, measured in Chromium (playwright-core from src/test/browser/node_modules,
// Debian's /usr/bin/chromium). Run by bench/console-render.sh, which stores the events first; see there.
//
// Environment: CONSOLE_URL, ADMIN_TOKEN, LOADS (per page, default 5), PAGES (JSON: [[label, path-and-query], ...]).
// Prints, per page, the median over LOADS fresh loads of: TTFB (responseStart), responseEnd, domContentLoaded and
// first-contentful-paint, in ms from the start of the navigation, plus the number of rows the page showed.
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(new URL('../src/test/browser/package.json', import.meta.url));
const { chromium } = require('playwright-core');

const CONSOLE = (process.env.CONSOLE_URL || 'http://localhost:9000/console').replace(/\/$/, '');
const TOKEN = process.env.ADMIN_TOKEN || 'local-admin-token-not-for-production';
const LOADS = Number(process.env.LOADS || 5);
const PAGES = JSON.parse(process.env.PAGES);

const profile = mkdtempSync(join(tmpdir(), 'hookgate-bench-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  viewport: { width: 1280, height: 800 },
});
try {
  const page = context.pages()[0] ?? await context.newPage();
  page.setDefaultTimeout(120_000);
  await page.goto(`${CONSOLE}/login`);
  await page.getByLabel('Admin token').fill(TOKEN);
  await Promise.all([page.waitForURL(`${CONSOLE}/`), page.getByRole('button', { name: 'Sign in' }).click()]);

  const median = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  };
  const fmt = (ms) => `${ms.toFixed(0)} ms`.padStart(8);
  console.log(`${'page'.padEnd(34)} ${'TTFB'.padStart(8)} ${'respEnd'.padStart(8)} ${'DCL'.padStart(8)} ${'FCP'.padStart(8)}  rows  (median of ${LOADS}; min..max of FCP)`);
  for (const [label, target] of PAGES) {
    const samples = [];
    // One load first, not counted: the stylesheet and script get cached (max-age=300), as for a user clicking around.
    await page.goto(`${CONSOLE}${target}`);
    for (let i = 0; i < LOADS; i++) {
      const response = await page.goto(`${CONSOLE}${target}`, { waitUntil: 'load' });
      if (response.status() !== 200) {
        throw new Error(`${target}: HTTP ${response.status()}`);
      }
      samples.push(await page.evaluate(async () => {
        const fcp = () => performance.getEntriesByType('paint').find((e) => e.name === 'first-contentful-paint');
        for (let waited = 0; !fcp() && waited < 5000; waited += 50) {
          await new Promise((r) => setTimeout(r, 50));
        }
        const nav = performance.getEntriesByType('navigation')[0];
        return {
          ttfb: nav.responseStart, responseEnd: nav.responseEnd, dcl: nav.domContentLoadedEventEnd,
          fcp: fcp() ? fcp().startTime : NaN, rows: document.querySelectorAll('table tbody tr').length,
        };
      }));
    }
    const pick = (k) => samples.map((s) => s[k]);
    const fcps = pick('fcp');
    console.log(`${label.padEnd(34)} ${fmt(median(pick('ttfb')))} ${fmt(median(pick('responseEnd')))} `
      + `${fmt(median(pick('dcl')))} ${fmt(median(fcps))}  ${String(samples[0].rows).padStart(4)}  `
      + `(${Math.min(...fcps).toFixed(0)}..${Math.max(...fcps).toFixed(0)})`);
  }
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
