import { describe, expect, it } from 'vitest';
import { MIX, dispatchSides, type Ops } from './dispatch.bench.ts';

/**
 * The dispatch figure compares two pl011s doing the same work: the hand-written baseline must
 * answer the bench's access mix as the generated pl011 does, and drive its interrupt lines the
 * same way, or the ratio would time different work.
 */
describe('the dispatch bench baseline', () => {
  it('answers the access mix and drives its interrupt lines as the generated pl011 does', () => {
    const { generated, baseline, generatedLines, baselineLines } = dispatchSides();
    const levels = (lines: readonly { readonly level: boolean }[]): boolean[] => lines.map((l) => l.level);
    const step = (ops: Ops, [isWrite, offset, value]: readonly [boolean, number, number]): unknown => {
      if (isWrite) {
        ops.write(offset, 4, value);
        return undefined;
      }
      return Number(ops.read(offset, 4));
    };
    for (let round = 0; round < 3; round++) {
      for (const access of MIX) {
        const where = `round ${round}, ${access[0] ? 'write' : 'read'} 0x${access[1].toString(16)}`;
        expect(step(baseline, access), where).toBe(step(generated, access));
        expect(levels(baselineLines), where).toEqual(levels(generatedLines));
      }
    }
  });

  it('does the loopback work of CR and LCR_H as QEMU does', () => {
    const { generated, baseline, generatedLines, baselineLines } = dispatchSides();
    // Loopback with the modem outputs set, then a break raised and a byte sent: FR's modem bits,
    // RIS and the receive FIFO follow on both sides.
    const script: readonly (readonly [boolean, number, number])[] = [
      [true, 0x038, 0x7ff], // IMSC: every interrupt enabled
      [true, 0x030, 0x3c81 | 0x300], // CR: UARTEN, LBE, TXE, RXE, DTR, RTS, OUT1, OUT2
      [false, 0x018, 0], [false, 0x03c, 0],
      [true, 0x02c, 0x01], // LCR_H: BRK in loopback pushes a break entry
      [false, 0x018, 0], [false, 0x03c, 0],
      [true, 0x02c, 0x10], // FEN on, BRK off: FIFOs reset
      [true, 0x000, 0x55], // DR: loops back
      [false, 0x018, 0], [false, 0x03c, 0], [false, 0x040, 0],
    ];
    for (const [isWrite, offset, value] of script) {
      const where = `${isWrite ? 'write' : 'read'} 0x${offset.toString(16)}`;
      if (isWrite) {
        generated.write(offset, 4, value);
        baseline.write(offset, 4, value);
      } else {
        expect(Number(baseline.read(offset, 4)), where).toBe(Number(generated.read(offset, 4)));
      }
      expect(baselineLines.map((l) => l.level), where).toEqual(generatedLines.map((l) => l.level));
    }
  });
});
