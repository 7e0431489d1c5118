/**
 * The HTML site's pages without a browser: the bitfield picture draws every bit once (64-bit
 * registers in two rows), text from a definition is escaped everywhere it reaches a page
 * (elements, attributes, the index's inline search data), the VMState layout and lines are
 * shown, and the site is the same for the same definitions.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProject } from '../../generator/src/api/index.ts';
import { bitfieldSvg } from '../../generator/src/docs-site/bitfield-svg.ts';
import { buildSite } from '../../generator/src/docs-site/site.ts';
import { buildDocsView } from '../../generator/src/emit/docs.view.ts';
import { loadDefinition } from '../../generator/src/pipeline/load.ts';

const ROOT = join(import.meta.dirname, '../..');
const devices = loadProject(ROOT).devices;
const byName = (n: string) => devices.find((d) => d.name === n)!;

/** Bits a picture's boxes cover, from their x positions and widths (26 units a bit). */
function coveredBits(svg: string): number {
  return [...svg.matchAll(/<rect class="[^"]*" x="[\d.]+" y="[\d.]+" width="(\d+)"/g)].reduce((n, m) => n + Number(m[1]) / 26, 0);
}

describe('docs site pages', () => {
  it('pictures every bit of a register once, a 64-bit one in two rows', () => {
    const hpet = buildDocsView(byName('hpet'));
    const conf = hpet.registers.find((r) => r.name === 'T[n].CONF')!;
    const svg = bitfieldSvg(conf, (f) => `#${f}`);
    expect(coveredBits(svg)).toBe(64);
    expect(svg).toMatch(/viewBox="0 0 848 232"/);
    for (const f of conf.fields) expect(svg).toContain(`data-field="${f.name}"`);
    const fbrd = buildDocsView(byName('pl011')).registers.find((r) => r.name === 'FBRD')!;
    const small = bitfieldSvg(fbrd, (f) => `#${f}`);
    expect(coveredBits(small)).toBe(32);
    expect(small).toContain('class="bf-reserved"');
    expect(small).toContain('>BAUD_DIVFRAC<');
    expect(small).toContain('>5:0 RW<');
  });

  it('escapes text from definitions in elements, attributes and the inline search data', () => {
    const text = readFileSync(join(ROOT, 'defs/pl011/pl011.device.yaml'), 'utf8')
      .replace('description: Integer baud-rate divisor; bits above 15 are dropped on write.', 'description: "<img src=x onerror=alert(1)> \\"q\\" </script><script>alert(2)</script>"')
      .replace('{ name: BAUD_DIVINT, bits: "15:0", access: RW, description: Integer part of the divisor. }', '{ name: BAUD_DIVINT, bits: "15:0", access: RW, description: "a & b \' <b>" }');
    const loaded = loadDefinition('defs/pl011/pl011.device.yaml', text, { root: ROOT });
    expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const site = buildSite([loaded.device!]);
    const page = site.find((f) => f.path === 'pl011.html')!.content;
    const index = site.find((f) => f.path === 'index.html')!.content;
    for (const html of [page, index]) {
      expect(html).not.toContain('<img src=x');
      expect(html).not.toContain('<script>alert');
      expect(html).not.toContain('<b>');
    }
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt; &quot;q&quot; &lt;/script&gt;');
    expect(page).toContain('a &amp; b &#39; &lt;b&gt;');
    expect(index).toContain('\\u003cimg src=x');
    expect(index.match(/<script>/g)).toHaveLength(1);
  });

  it('shows lines, properties and the VMState layout with versions and subsections', () => {
    const page = buildSite(devices).find((f) => f.path === 'hpet.html')!.content;
    expect(page).toContain('&quot;hpet&quot;, version 2, accepts streams from version 1, pre-save hook, post-load hook.');
    expect(page).toMatch(/<td>num_timers_save<\/td><td>state <code>num_timers_save<\/code><\/td><td>2<\/td>/);
    expect(page).toContain('Subsection <code>hpet/rtc_irq_level</code>, version 1 (from 1); sent while <code>rtc_irq_level</code> is not zero');
    expect(page).toContain('Element description <code>hpet_timer</code>');
    expect(page).toMatch(/<td><code>timers<\/code><\/td><td>u8<\/td><td>3<\/td><td>3\.\.32 \(clamped\)<\/td>/);
    expect(page).toMatch(/<td><code>irq<\/code><\/td><td>sysbus IRQ<\/td><td>out<\/td><td>32<\/td>/);
    const pl011 = buildSite(devices).find((f) => f.path === 'pl011.html')!.content;
    expect(pl011).toContain('0: <code>intr</code>, 1: <code>rx</code>');
    const pcf = buildSite(devices).find((f) => f.path === 'pcf8574.html')!.content;
    expect(pcf).toContain('QOM parent i2c-slave; an I2C slave (callbacks: recv, send).');
    expect(pcf).toContain('The device has no memory-mapped registers.');
    expect(pl011).toContain('QOM parent sys-bus-device; on the system bus.');
    expect(buildSite(devices)).toEqual(buildSite([...devices].reverse()));
  });

  it('devgen docs writes the site of a project, and nothing for a definition with errors', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'devgen-docs-'));
    try {
      cpSync(join(ROOT, 'defs/pl011'), join(tmp, 'defs/pl011'), { recursive: true });
      const run = (): ReturnType<typeof spawnSync> => spawnSync(process.execPath, [join(ROOT, 'bin/devgen.js'), 'docs', '--root', tmp], { cwd: tmp, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
      const ok = run();
      expect(ok.status).toBe(0);
      expect(ok.stdout).toMatch(/^devgen: docs for 1 devices in .*build\/docs \(2 files written\): file:\/\/.*\/build\/docs\/index\.html\n$/);
      expect(readdirSync(join(tmp, 'build/docs')).sort()).toEqual(['index.html', 'pl011.html']);
      expect(run().stdout).toContain('(0 files written)');
      rmSync(join(tmp, 'build'), { recursive: true });
      const def = join(tmp, 'defs/pl011/pl011.device.yaml');
      writeFileSync(def, readFileSync(def, 'utf8').replace('bits: "15:0", access: RW', 'bits: "15:0", access: RWX'));
      const bad = run();
      expect(bad.status).toBe(1);
      expect(bad.stderr).toMatch(/defs\/pl011\/pl011\.device\.yaml:\d+:\d+: error\[[\w-]+\]/);
      expect(bad.stderr).toContain('nothing was written');
      expect(existsSync(join(tmp, 'build'))).toBe(false);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});
