/**
 * qemu:check's comparisons tell a QEMU that differs from stock: each one is run on stock QEMU
 * itself (everything equal) and on a "built" QEMU that is stock QEMU with one difference
 * (a wrapper script): an answer changed, a dump entry changed, a device property that changes
 * the migration section. Needs the QEMU oracle (.ci/run installs it), like every differential test.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { qemuBinary, qemuOracleDir } from '../support/qemu-oracle.ts';
import { checkCases, compareCases } from '../../scripts/qemu-check/qtest-compare.ts';
import { compareDumps } from '../../scripts/qemu-check/vmstate-compare.ts';
import { stockBuildDir } from '../../scripts/qemu-check/qemu-dirs.ts';
import { compareSections } from '../../scripts/qemu-check/section-compare.ts';

const tmp = mkdtempSync(join(tmpdir(), 'devgen-qemu-check-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A --qemu-dir whose qemu-system-aarch64 and -arm run the oracle's through `body` (sh, "$Q" is the real binary). */
function fakeQemu(name: string, body: string): string {
  const dir = join(tmp, name);
  mkdirSync(join(dir, 'bin'), { recursive: true });
  for (const arch of ['aarch64', 'arm', 'x86_64'] as const) {
    const file = join(dir, 'bin', `qemu-system-${arch}`);
    writeFileSync(file, `#!/bin/sh\nQ='${qemuBinary(arch)}'\n${body}\n`);
    chmodSync(file, 0o755);
  }
  return dir;
}

const pl011Case = (file: string) => {
  const c = checkCases().find((x) => x.path.endsWith(`/${file}`));
  if (c === undefined) throw new Error(`no case ${file}`);
  return c;
};

describe('qemu:check comparisons', () => {
  it('(a) cases: stock against itself passes; one changed answer fails with the answer shown', async () => {
    const ids = pl011Case('pl011-id-regs.qtest');
    const same = await compareCases(qemuOracleDir(), [ids], 1);
    expect(same.map((v) => [v.ok, v.detail])).toEqual([[true, '']]);
    // PeriphID0 of the pl011 reads 0x11: this QEMU answers 0x12.
    const odd = fakeQemu('answer', `"$Q" "$@" | sed -u 's/^OK 0x0000000000000011$/OK 0x0000000000000012/'`);
    const diff = await compareCases(odd, [ids], 1);
    expect(diff[0]!.ok).toBe(false);
    expect(diff[0]!.detail).toMatch(/qemu: +OK 0x0000000000000011\n +project: +OK 0x0000000000000012/);
  }, 120_000);

  it('(a) a difference of Debian\'s binary from the source build counts against the source build', async () => {
    // Debian's QEMU has module support and answers `module_load a b` with FAIL; QEMU built from
    // source by build-qemu has none and answers OK. The stock source build passes as "built".
    const c = pl011Case('pl011-protocol-errors.qtest');
    const [v] = await compareCases(stockBuildDir(), [c], 1);
    expect(v!.ok).toBe(true);
    expect(v!.detail).toMatch(/^answers as stock QEMU built from the same source; Debian's binary differs from both:\n +#\d+ module_load a b\n +qemu: +FAIL\n +project: +OK/);
  }, 120_000);

  it('(b) dumps: an entry that differs is named', () => {
    const odd = fakeQemu('dump', [
      '"$Q" "$@" || exit $?',
      // pl011's entry says version 3.
      'for a; do [ "$prev" = -dump-vmstate ] && python3 -c "import json,sys; d=json.load(open(sys.argv[1])); d[\'pl011\'][\'version_id\']=3; json.dump(d, open(sys.argv[1], \'w\'))" "$a"; prev=$a; done',
    ].join('\n'));
    const verdicts = compareDumps(odd);
    const pl011 = verdicts.find((v) => v.device === 'pl011')!;
    expect(pl011.ok).toBe(false);
    expect(pl011.detail).toMatch(/^pl011:\n +built: \{"Name":"pl011","version_id":3,/);
    // versatile_i2c has no VMState in QEMU 10.0: no entry on either side is equal.
    expect(verdicts.find((v) => v.device === 'versatile_i2c')).toEqual({ device: 'versatile_i2c', ok: true, detail: 'versatile_i2c: no entry on either side' });
  }, 120_000);

  it('(c) sections: equal on stock; a pl011 that migrates no clock is a different section', async () => {
    const c = pl011Case('pl011-tx-irq.qtest');
    const same = await compareSections(qemuOracleDir(), [c], 1);
    expect(same.map((v) => [v.ok, v.sections, v.detail])).toEqual([[true, ['pl011 0'], '']]);
    const odd = fakeQemu('section', `exec "$Q" -global pl011.migrate-clk=off "$@"`);
    const diff = await compareSections(odd, [c], 1);
    expect(diff[0]!.ok).toBe(false);
    expect(diff[0]!.detail).toMatch(/^pl011 0:\n +stock: [0-9a-f]+\n +built: [0-9a-f]+$/);
  }, 120_000);
});
