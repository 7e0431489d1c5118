/**
 * `devgen docs` in a real browser: the site of the shipped devices, written by the command as
 * users run it, opened from the disk in Debian's headless Chromium (driven over the DevTools
 * protocol, cdp-pipe.ts). Every register has its picture and its field table, every anchor and
 * every link between pages resolves, the search boxes filter, no page logs a console error or
 * throws, and a screenshot of one register is saved under test-output/docs-site/.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProject } from '../../generator/src/api/index.ts';
import { buildDocsView } from '../../generator/src/emit/docs.view.ts';
import { HeadlessChromium } from './cdp-pipe.ts';

const ROOT = join(import.meta.dirname, '../..');
const OUT = join(ROOT, 'test-output/docs-site');
const SITE = join(OUT, 'site');
const devices = loadProject(ROOT).devices;

let browser: HeadlessChromium;
beforeAll(async () => {
  rmSync(SITE, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/devgen.js'), 'docs', '-o', SITE], { cwd: ROOT, encoding: 'utf8' });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  expect(r.stdout).toContain(pathToFileURL(join(SITE, 'index.html')).href);
  browser = await HeadlessChromium.launch();
}, 120_000);
afterAll(async () => {
  await browser?.close();
});

const url = (file: string): string => pathToFileURL(join(SITE, file)).href;

/** What a page holds: ids, links, register sections with their pictures and field rows. */
interface PageFacts {
  ids: string[];
  links: string[];
  registers: { id: string; svgs: number; boxes: number; fieldLinks: string[]; rows: string[] }[];
}

const FACTS = `(() => ({
  ids: [...document.querySelectorAll('[id]')].map((e) => e.id),
  links: [...document.querySelectorAll('a[href]')].map((a) => a.getAttribute('href')),
  registers: [...document.querySelectorAll('article.register')].map((a) => ({
    id: a.id,
    svgs: a.querySelectorAll('svg.bitfield').length,
    boxes: a.querySelectorAll('svg.bitfield rect').length,
    fieldLinks: [...a.querySelectorAll('svg.bitfield a')].map((l) => l.getAttribute('href')),
    rows: [...a.querySelectorAll('table tbody tr[id]')].map((r) => r.id),
  })),
}))()`;

describe('the docs site in headless Chromium', () => {
  const facts = new Map<string, PageFacts>();

  it('every device page shows every register with a bitfield picture and its field rows', async () => {
    for (const d of devices) {
      const file = `${d.name}.html`;
      await browser.goto(url(file));
      const f = await browser.evaluate<PageFacts>(FACTS);
      facts.set(file, f);
      const view = buildDocsView(d);
      expect(f.registers.length, file).toBe(view.registers.length);
      view.registers.forEach((r, i) => {
        const section = f.registers[i]!;
        expect(section.svgs, `${file} ${r.name}`).toBe(1);
        expect(section.boxes, `${file} ${r.name}`).toBeGreaterThanOrEqual(r.fields.length);
        expect(section.rows.length, `${file} ${r.name}`).toBe(r.fields.length);
        expect(new Set(section.fieldLinks), `${file} ${r.name}`).toEqual(new Set(section.rows.map((id) => `#${id}`)));
      });
      expect(new Set(f.ids).size, `${file}: ids are unique`).toBe(f.ids.length);
    }
    expect([...facts.keys()]).toContain('pl011.html');
    expect(facts.get('hpet.html')!.registers.map((r) => r.id)).toContain('reg-t-n-conf');
  }, 120_000);

  it('every anchor and every link between pages resolves', async () => {
    await browser.goto(url('index.html'));
    const index = await browser.evaluate<PageFacts>(FACTS);
    const searchLinks = await browser.evaluate<string[]>('INDEX.map((e) => e.h)');
    facts.set('index.html', index);
    expect(searchLinks.length).toBeGreaterThan(100);
    const broken: string[] = [];
    const check = (from: string, href: string): void => {
      const [file, hash] = href.startsWith('#') ? [from, href.slice(1)] : href.split('#') as [string, string | undefined];
      const target = facts.get(file!);
      if (target === undefined) broken.push(`${from}: ${href} (no such page)`);
      else if (hash !== undefined && hash !== '' && !target.ids.includes(hash)) broken.push(`${from}: ${href} (no such anchor)`);
    };
    for (const [file, f] of facts) for (const href of f.links) check(file, href);
    for (const href of searchLinks) check('index.html', href);
    expect(broken).toEqual([]);
    for (const d of devices) expect(index.links).toContain(`${d.name}.html`);
  }, 60_000);

  it('the search boxes filter registers and find fields across devices', async () => {
    await browser.goto(url('pl011.html'));
    const visible = await browser.evaluate<string[]>(`(() => {
      const input = document.getElementById('search');
      input.value = 'baud';
      input.dispatchEvent(new Event('input'));
      return [...document.querySelectorAll('article.register:not(.hidden)')].map((a) => a.id);
    })()`);
    expect(visible).toEqual(['reg-ibrd', 'reg-fbrd']);
    await browser.goto(url('index.html'));
    const hits = await browser.evaluate<string[]>(`(() => {
      const input = document.getElementById('search');
      input.value = 'pl011 wlen';
      input.dispatchEvent(new Event('input'));
      return [...document.querySelectorAll('#results a')].map((a) => a.getAttribute('href'));
    })()`);
    expect(hits).toEqual(['pl011.html#reg-lcr_h-wlen']);
  }, 60_000);

  it('no page logged a console error or threw', () => {
    expect(browser.problems()).toEqual([]);
  });

  it('saves a screenshot of one register (LCR_H of the pl011)', async () => {
    await browser.page('Emulation.setDeviceMetricsOverride', { width: 1200, height: 900, deviceScaleFactor: 1, mobile: false });
    await browser.goto(url('pl011.html'));
    const box = await browser.evaluate<{ x: number; y: number; width: number; height: number }>(`(() => {
      const r = document.getElementById('reg-lcr_h').getBoundingClientRect();
      return { x: r.left + window.scrollX, y: r.top + window.scrollY, width: r.width, height: r.height };
    })()`);
    expect(box.width).toBeGreaterThan(600);
    const png = await browser.screenshot(box);
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(Math.round(box.width));
    const file = join(OUT, 'pl011-LCR_H.png');
    writeFileSync(file, png);
    expect(png.length).toBeGreaterThan(5000);
  }, 60_000);
});
