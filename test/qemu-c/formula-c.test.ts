/**
 * The C the qemu-c emitter writes for register accesses computes exactly what the TypeScript
 * runtime computes: for registers whose fields use every one of the 25 access kinds (alone and
 * mixed), the emitted write, read-value and read-side-effect statements are compiled with the
 * host C compiler and run on seeded random (old, written) pairs, and each answer is compared
 * with the runtime's own formula evaluation (runtime/src/device/register-semantics.ts) —
 * 32-bit registers, and 64-bit registers through every lane an access can write.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formulaMasks, formulaStatements, readValueExpr, READ_SIDE_EFFECTS, WRITE_FORMULA } from '../../generator/src/emit/qemu-c/formula.c-view.ts';
import { ACCESS_KINDS, type AccessKind, type FieldIR, type RegisterIR } from '../../generator/src/ir/ir.ts';
import {
  READ_SIDE_EFFECTS as RT_SIDE, READ_VALUE as RT_VALUE, WRITE_FORMULA as RT_WRITE, applyBigint, applyNumber, bigintSteps, laneMask, numberSteps,
} from '../../runtime/src/device/register-semantics.ts';
import type { RegisterAccessMasks } from '../../runtime/src/contract/types.ts';
import { seededRandom } from '../support/seeded-random.ts';

const dir = mkdtempSync(join(tmpdir(), 'devgen-formula-c-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const span = { file: 't', line: 1, col: 1, endLine: 1, endCol: 1 };
const field = (lsb: number, msb: number, access: AccessKind): FieldIR => ({ kind: 'field', name: `F${lsb}`, lsb, msb, access, description: '', enums: [], implicit: false, span });

/** Registers: each access kind over the whole register, then mixed layouts of random kinds (with gaps). */
function registers(width: number, seed: number): Pick<RegisterIR, 'fields'>[] {
  const out: Pick<RegisterIR, 'fields'>[] = ACCESS_KINDS.map((k) => ({ fields: [field(0, width - 1, k)] }));
  const rnd = seededRandom(seed);
  for (let i = 0; i < 40; i++) {
    const fields: FieldIR[] = [];
    let bit = 0;
    while (bit < width) {
      const len = 1 + Math.floor(rnd() * Math.min(12, width - bit));
      if (rnd() < 0.8) fields.push(field(bit, bit + len - 1, ACCESS_KINDS[Math.floor(rnd() * ACCESS_KINDS.length)]!));
      bit += len;
    }
    out.push({ fields });
  }
  return out;
}

/** The runtime's masks record of a register (numbers or bigints). */
function runtimeMasks<V extends number | bigint>(reg: Pick<RegisterIR, 'fields'>, conv: (b: bigint) => V): RegisterAccessMasks<V> {
  const m = formulaMasks(reg);
  return Object.fromEntries(Object.entries(m).map(([k, v]) => [k, conv(v)])) as unknown as RegisterAccessMasks<V>;
}

/** Compiles `body` (C functions plus a main reading stdin) and runs it on `input`. */
function runC(name: string, body: string, input: string): string[] {
  const src = join(dir, `${name}.c`);
  const exe = join(dir, name);
  writeFileSync(src, `#include <stdint.h>\n#include <stdio.h>\n#include <inttypes.h>\n${body}\n`);
  execFileSync('cc', ['-std=gnu11', '-O1', '-Wall', '-Werror', '-o', exe, src]);
  return execFileSync(exe, { input, encoding: 'utf8', maxBuffer: 64 << 20 }).trim().split('\n');
}

describe('qemu-c register formulas', () => {
  it('32-bit registers: write, read value and read side effects equal the runtime for every access kind', () => {
    const regs = registers(32, 7);
    const fns = regs.map((r, i) => {
      const m = formulaMasks(r);
      return [
        `static uint32_t w${i}(uint32_t n, uint32_t v)\n{\n${formulaStatements(WRITE_FORMULA, m, 32, 'n', 'v').map((l) => `    ${l}`).join('\n')}\n    return n;\n}`,
        `static uint32_t r${i}(uint32_t n)\n{\n    return ${readValueExpr(m, 32, 'n')};\n}`,
        `static uint32_t s${i}(uint32_t n)\n{\n${formulaStatements(READ_SIDE_EFFECTS, m, 32, 'n', '0').map((l) => `    ${l}`).join('\n')}\n    return n;\n}`,
      ].join('\n');
    });
    const table = `static uint32_t (*const W[])(uint32_t, uint32_t) = { ${regs.map((_, i) => `w${i}`).join(', ')} };\n`
      + `static uint32_t (*const R[])(uint32_t) = { ${regs.map((_, i) => `r${i}`).join(', ')} };\n`
      + `static uint32_t (*const S[])(uint32_t) = { ${regs.map((_, i) => `s${i}`).join(', ')} };\n`;
    const main = 'int main(void)\n{\n    unsigned i;\n    uint32_t n, v;\n\n    while (scanf("%u %" SCNu32 " %" SCNu32, &i, &n, &v) == 3) {\n'
      + '        printf("%" PRIu32 " %" PRIu32 " %" PRIu32 "\\n", W[i](n, v), R[i](n), S[i](n));\n    }\n    return 0;\n}';
    const rnd = seededRandom(11);
    const cases: [number, number, number][] = [];
    for (let i = 0; i < regs.length; i++) {
      for (const [n, v] of [[0, 0], [0xffff_ffff, 0xffff_ffff], [0, 0xffff_ffff], [0xffff_ffff, 0]]) cases.push([i, n!, v!]);
      for (let k = 0; k < 30; k++) cases.push([i, Math.floor(rnd() * 2 ** 32), Math.floor(rnd() * 2 ** 32)]);
    }
    const got = runC('f32', `${fns.join('\n')}\n${table}${main}`, cases.map((c) => c.join(' ')).join('\n'));
    const want = cases.map(([i, n, v]) => {
      const m = runtimeMasks(regs[i]!, (b) => Number(BigInt.asUintN(32, b)));
      return [applyNumber(numberSteps(RT_WRITE, m), n, v), applyNumber(numberSteps(RT_VALUE, m), n, 0), applyNumber(numberSteps(RT_SIDE, m), n, 0)].join(' ');
    });
    expect(got).toHaveLength(cases.length);
    expect(got).toEqual(want);
  });

  it('64-bit registers: each lane write (+0 and +4 as 32 bits, +0 as 64) equals the runtime', () => {
    const regs = registers(64, 13);
    const fns = regs.map((r, i) => {
      const m = formulaMasks(r);
      return `static uint64_t w${i}(uint64_t n, uint64_t v, uint64_t lane)\n{\n${formulaStatements(WRITE_FORMULA, m, 64, 'n', 'v', 'lane').map((l) => `    ${l}`).join('\n')}\n    return n;\n}`;
    });
    const table = `static uint64_t (*const W[])(uint64_t, uint64_t, uint64_t) = { ${regs.map((_, i) => `w${i}`).join(', ')} };\n`;
    // The dispatcher's own lane set-up, as the generated source spells it.
    const main = 'int main(void)\n{\n    unsigned i, rel, size;\n    uint64_t n, value, lane, v;\n\n'
      + '    while (scanf("%u %u %u %" SCNu64 " %" SCNu64, &i, &rel, &size, &n, &value) == 5) {\n'
      + '        lane = (size * 8 >= 64 ? ~0ULL : ((1ULL << (size * 8)) - 1)) << (rel * 8);\n'
      + '        v = (value << (rel * 8)) & lane;\n'
      + '        printf("%" PRIu64 "\\n", W[i](n, v, lane));\n    }\n    return 0;\n}';
    const rnd = seededRandom(17);
    const r64 = (): bigint => (BigInt(Math.floor(rnd() * 2 ** 32)) << 32n) | BigInt(Math.floor(rnd() * 2 ** 32));
    const cases: [number, number, number, bigint, bigint][] = [];
    for (let i = 0; i < regs.length; i++) {
      for (const [rel, size] of [[0, 4], [4, 4], [0, 8]] as const) {
        for (let k = 0; k < 12; k++) {
          const value = size === 8 ? r64() : r64() & 0xffff_ffffn;
          cases.push([i, rel, size, r64(), value]);
        }
      }
    }
    const got = runC('f64', `${fns.join('\n')}\n${table}${main}`, cases.map((c) => c.join(' ')).join('\n'));
    const want = cases.map(([i, rel, size, n, value]) => {
      const lane = laneMask(rel, size);
      const m = runtimeMasks(regs[i]!, (b) => BigInt.asUintN(64, b));
      const v = (value << BigInt(rel * 8)) & lane;
      return String(applyBigint(bigintSteps(RT_WRITE, m, lane), n, v));
    });
    expect(got).toEqual(want);
  });
});
