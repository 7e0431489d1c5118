/**
 * The PL011 as its TRM describes it, written as an SVD (test/fixtures/svd/pl011.svd, with the
 * patch that makes its identification words two arrays), imports to the register map of
 * defs/pl011: same registers at the same offsets, widths, resets, arrays and per-field access.
 * What SVD cannot say is listed in EXPRESSIBLE_ONLY_IN_DEVGEN and checked to be the only difference.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importSvd } from '../../generator/src/import/svd-import.ts';
import type { DeviceIR, RegisterIR } from '../../generator/src/ir/ir.ts';
import { loadDefinition } from '../../generator/src/pipeline/load.ts';

const ROOT = join(import.meta.dirname, '../..');
const read = (p: string): string => readFileSync(join(ROOT, p), 'utf8');

/**
 * What defs/pl011 says that an SVD cannot, so the import leaves it out:
 * - behaviour hooks (DR read/write, LCR_H, CR, IMSC and DMACR post-write, MIS read, ICR write) —
 *   SVD describes storage, not behaviour (readAction `modifyExternal` would only say "something happens");
 * - FR's `ignore-writes` (writes dropped without a guest error) — SVD has no guest-error notion;
 * - the storage names QEMU's state uses (flags, lcr, int_level, …) — SVD names no state;
 * - the region's access windows (valid 1..4, impl 4) and reserved ranges — SVD has no access-size rules;
 * - instance state, properties, clock, chardev, trace events and the migration layout.
 */
const EXPRESSIBLE_ONLY_IN_DEVGEN = {
  ignoreWrites: ['FR'],
} as const;

function load(file: string, text: string): DeviceIR {
  const r = loadDefinition(file, text, { root: ROOT });
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return r.device!;
}

/** The register map as SVD can state it. */
function map(regs: readonly RegisterIR[]) {
  return regs.map((r) => ({
    name: r.name,
    offset: r.offset,
    width: r.width,
    resets: r.resets,
    array: r.array === undefined ? undefined : { count: r.array.count, stride: r.array.stride },
    fields: r.fields.map((f) => ({ name: f.implicit ? '(whole register)' : f.name, lsb: f.lsb, msb: f.msb, access: f.access, enums: f.enums.map((e) => [e.name, e.value]) })),
  }));
}

describe('import of the PL011 SVD', () => {
  const result = importSvd({
    svd: { file: 'test/fixtures/svd/pl011.svd', text: read('test/fixtures/svd/pl011.svd') },
    patch: { file: 'test/fixtures/svd/pl011.patch.yaml', text: read('test/fixtures/svd/pl011.patch.yaml') },
    outDir: 'defs', root: ROOT,
  });

  it('gives one definition with no errors', () => {
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(result.definitions.map((d) => [d.peripheral, d.name, d.path])).toEqual([['PL011', 'pl011', 'defs/pl011/pl011.device.yaml']]);
  });

  it('has the register map of defs/pl011 (offsets, widths, resets, arrays, per-field access, enums)', () => {
    const imported = load(result.definitions[0]!.path, result.definitions[0]!.text);
    const shipped = load('defs/pl011/pl011.device.yaml', read('defs/pl011/pl011.device.yaml'));
    expect(map(imported.registers)).toEqual(map(shipped.registers));
    const region = (d: DeviceIR) => d.regions.map((r) => ({ name: r.name, size: r.size }));
    expect(region(imported)).toEqual(region(shipped));
  });

  it('differs from defs/pl011 only in what SVD cannot express', () => {
    const imported = load(result.definitions[0]!.path, result.definitions[0]!.text);
    const shipped = load('defs/pl011/pl011.device.yaml', read('defs/pl011/pl011.device.yaml'));
    expect(shipped.registers.filter((r) => r.ignoreWrites).map((r) => r.name)).toEqual(EXPRESSIBLE_ONLY_IN_DEVGEN.ignoreWrites);
    expect(imported.registers.filter((r) => r.ignoreWrites || r.hooks.length > 0)).toEqual([]);
    // Every imported register lives in state of its own, so what is written is kept.
    expect(imported.registers.every((r) => r.storage !== undefined)).toBe(true);
  });

  it('turns the six interrupts into the six IRQ outputs', () => {
    const imported = load(result.definitions[0]!.path, result.definitions[0]!.text);
    const shipped = load('defs/pl011/pl011.device.yaml', read('defs/pl011/pl011.device.yaml'));
    const irqs = (d: DeviceIR) => d.gpios.map((g) => ({ name: g.name, direction: g.direction, count: g.count, sysbus: g.sysbus }));
    expect(irqs(imported)).toEqual(irqs(shipped));
    expect(imported.gpios[0]!.lines).toEqual(['uartintr', 'uartrxintr', 'uarttxintr', 'uartrtintr', 'uartmsintr', 'uarteintr']);
  });

  it('records the SVD line of every register and field, and the patch line of the arrays', () => {
    const text = result.definitions[0]!.text;
    const svd = read('test/fixtures/svd/pl011.svd').split('\n');
    for (const m of text.matchAll(/name: (\w+)[^\n]*# svd: test\/fixtures\/svd\/pl011\.svd:(\d+):(\d+)/g)) {
      const [, name, line, col] = m;
      const at = svd[Number(line) - 1]!;
      expect(at.slice(Number(col) - 1)).toMatch(/^<(register|field|peripheral|enumeratedValue|interrupt)>/);
      // The element's <name> follows within a few lines.
      expect(svd.slice(Number(line) - 1, Number(line) + 2).join('\n').toLowerCase()).toContain(`<name>${name!.toLowerCase()}</name>`);
    }
    expect(text).toMatch(/- name: PeriphID {2}# patch: test\/fixtures\/svd\/pl011\.patch\.yaml:5:5\n/);
    // The peripheral, 6 interrupts, 14 registers, 63 fields and 4 enum values; the arrays come from the patch.
    expect((text.match(/# svd: /g) ?? []).length).toBe(1 + 6 + 14 + 63 + 4);
  });
});
