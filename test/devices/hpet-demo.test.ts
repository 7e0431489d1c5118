/** The HPET part of `devgen demo` runs and reports what the guest and the IOAPIC see. */
import { describe, expect, it } from 'vitest';
import { runHpetDemo } from '../../defs/machines/demo-hpet.ts';

describe('hpet demo', () => {
  it('shows the counter, the periodic interrupt on GSI 2 and the halted counter', () => {
    const lines: string[] = [];
    runHpetDemo((l) => lines.push(l));
    expect(lines[1]).toContain('GCAP_ID=0x9896808086a201');
    expect(lines.find((l) => l.includes('t=10000 ns'))).toContain('MAIN_CNT=1000 GINTR_STA=0x1 IOAPIC saw: raise at 10000 ns');
    expect(lines.find((l) => l.includes('t=20000 ns'))).toContain('raise at 20000 ns');
    expect(lines.at(-1)).toBe('  counter halted at 3000; 1 ms later it still reads 3000');
  });
});
