/**
 * Golden tests of every emitter on the HPET (defs/hpet): 64-bit registers, register blocks
 * with a property limit, computed reset values, structs with timers, and the VMState struct
 * arrays / validate entries. UPDATE_GOLDEN=1 rewrites test/golden/emit/hpet/*.golden.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEmitContext, deviceEmitters } from '../../../../generator/src/emit/index.ts';
import { loadDefinition } from '../../../../generator/src/pipeline/load.ts';
import { expectGolden } from '../../../golden/golden-helper.ts';

const ROOT = join(import.meta.dirname, '../../../..');
const FILE = 'defs/hpet/hpet.device.yaml';
const GOLDEN = join(ROOT, 'test/golden/emit/hpet');

describe('emitters on hpet', () => {
  const { device, diagnostics } = loadDefinition(FILE, readFileSync(join(ROOT, FILE), 'utf8'), { root: ROOT });

  it('the definition loads without errors', () => {
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(device).toBeDefined();
  });

  for (const emitter of deviceEmitters) {
    it(`${emitter.name} emitter matches its golden file and the committed generated file`, () => {
      const ctx = createEmitContext();
      const out = emitter.emit(device!, ctx);
      expect(ctx.diagnostics).toEqual([]);
      expect(out.length).toBeGreaterThan(0);
      for (const f of out) {
        expectGolden(join(GOLDEN, `${f.path.split('/').pop()!}.golden`), f.content);
        expect(f.content, f.path).toBe(readFileSync(join(ROOT, f.path), 'utf8'));
      }
    });
  }

  it('hooks of block registers take the element index; 64-bit hooks take bigint value and mask', () => {
    const hooks = deviceEmitters.find((e) => e.name === 'hooks')!.emit(device!, createEmitContext())[0]!.content;
    expect(hooks).toContain('writeT_CMP(ctx: HpetContext, index: number, value: bigint, mask: bigint): void;');
    expect(hooks).toContain('postWriteT_CONF(ctx: HpetContext, index: number, oldValue: bigint, newValue: bigint): void;');
    expect(hooks).toContain('readMAIN_CNT(ctx: HpetContext): bigint;');
    expect(hooks).toContain('timerExpired(ctx: HpetContext, index: number): void;');
    expect(hooks).toContain('numTimersMatch(ctx: HpetContext, versionId: number): string | undefined;');
  });

  it('declares the timer block once, with its limit, backing state and element-relative registers', () => {
    const mmio = deviceEmitters.find((e) => e.name === 'mmio')!.emit(device!, createEmitContext())[0]!.content;
    expect(mmio.match(/name: 'CONF'/g)).toHaveLength(1);
    expect(mmio).toContain("name: 'T', offset: 0x100, count: 24, stride: 0x20,");
    expect(mmio).toContain("state: 'timer',");
    expect(mmio).toContain('limit: (c) => Number(c.props.timers), inclusive: true,');
    expect(mmio).toContain("name: 'CMP', offset: 0x008, size: 8, wide: true, reset: 0xffffffffffffffffn,");
    expect(mmio).toContain("storage: 'config',\n            hooks: { postWrite: 'postWriteT_CONF' },");
    expect(mmio.split('\n').length).toBeLessThan(120);
  });
});
