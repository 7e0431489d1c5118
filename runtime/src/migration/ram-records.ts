/**
 * Walks the body of a RAM section (QEMU's "ram" iterative part) without loading anything:
 * devgen does not take guest memory from a migration file, but a RAM section has no length,
 * so its records must be parsed to find where it ends. A record is a be64 word whose low bits
 * (below the target page size) are flags:
 *   MEM_SIZE: the block list follows (per block: length byte, name, be64 used length) until
 *             the lengths add up to the word's address part;
 *   ZERO / PAGE: a block name unless CONTINUE is set, then one fill byte (which must be 0) or
 *             one target page of data;
 *   MULTIFD_FLUSH: nothing follows;  EOS: the body ends.
 * XBZRLE and HOOK records only appear with capabilities devgen does not offer: rejected.
 */
import { RAM_SAVE_FLAG } from './file-format.ts';
import { VmStreamError, type VmStreamReader } from './stream.ts';

/** What RAM records carry from one RAM section to the next: whether a block was named (CONTINUE refers to it). */
export interface RamWalkState {
  haveBlock: boolean;
}

/**
 * Skips RAM records up to and including EOS; throws VmStreamError for anything malformed.
 * `state` is shared by all RAM sections of a file: QEMU remembers the last block across them.
 */
export function skipRamRecords(r: VmStreamReader, targetPageBits: number, state: RamWalkState): void {
  const pageSize = 1 << targetPageBits;
  const flagMask = pageSize - 1;
  for (;;) {
    const at = r.offset;
    // The word read as two halves: flags sit in the low bits, and a walk over every page of a
    // guest's RAM stays clear of BigInt arithmetic.
    const hi = r.u32('RAM record');
    const lo = r.u32('RAM record');
    const flags = lo & flagMask;
    if (flags & (RAM_SAVE_FLAG.ZERO | RAM_SAVE_FLAG.PAGE | RAM_SAVE_FLAG.XBZRLE)) {
      if (flags & RAM_SAVE_FLAG.CONTINUE) {
        if (!state.haveBlock) throw new VmStreamError('RAM record continues a block but none was named', at);
      } else {
        const len = r.u8('RAM block name length');
        r.skip(len, 'RAM block name');
        state.haveBlock = true;
      }
    }
    switch (flags & ~RAM_SAVE_FLAG.CONTINUE) {
      case RAM_SAVE_FLAG.MEM_SIZE: {
        let left = (BigInt(hi) << 32n) | BigInt((lo & ~flagMask) >>> 0);
        while (left > 0n) {
          const len = r.u8('RAM block name length');
          r.skip(len, 'RAM block name');
          const length = r.u64('RAM block length');
          if (length > left) throw new VmStreamError('RAM block lengths exceed the total the record announced', r.offset - 8);
          left -= length;
          if (length === 0n) throw new VmStreamError('RAM block of length 0 in the block list', r.offset - 8);
        }
        break;
      }
      case RAM_SAVE_FLAG.ZERO: {
        const fill = r.u8('zero page fill byte');
        if (fill !== 0) throw new VmStreamError(`found a zero page with value ${fill}`, r.offset - 1);
        break;
      }
      case RAM_SAVE_FLAG.PAGE:
        r.skip(pageSize, 'RAM page');
        break;
      case RAM_SAVE_FLAG.MULTIFD_FLUSH:
        break;
      case RAM_SAVE_FLAG.EOS:
        return;
      default:
        throw new VmStreamError(`unknown combination of RAM flags 0x${flags.toString(16)}`, at);
    }
  }
}
