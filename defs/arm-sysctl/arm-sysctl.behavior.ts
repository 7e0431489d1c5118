/**
 * Hand-written behaviour of the RealView/Versatile system controller, as QEMU 10.0's
 * realview_sysctl behaves. The generated tables hold the constant and stored registers (ID and
 * PROCID0 from the properties, LED, CFGDATA, FLAGS/NVFLAGS set semantics, MCI); this file adds
 * the lock, the board-dependent RESETCTL and CLCD, the clear registers, the 24 MHz counter, the
 * MMC inputs, the reset of the oscillators and CLCDID, and the Versatile Express SYS_CFG
 * interface (oscillators and the motherboard voltage, reboot).
 */
import type { RealviewSysctlContext, RealviewSysctlHooks } from '../../generated/realview_sysctl/realview_sysctl.hooks.ts';
import { defineRealviewSysctl } from '../../generated/realview_sysctl/realview_sysctl.qom.ts';
import {
  A_SYS_CFGCTRL, A_SYS_CFGDATA, SYS_CFGCTRL_DCC, SYS_CFGCTRL_DCC_SHIFT, SYS_CFGCTRL_DEVICE, SYS_CFGCTRL_DEVICE_SHIFT,
  SYS_CFGCTRL_FUNCTION, SYS_CFGCTRL_FUNCTION_SHIFT, SYS_CFGCTRL_POSITION, SYS_CFGCTRL_POSITION_SHIFT, SYS_CFGCTRL_SITE,
  SYS_CFGCTRL_SITE_SHIFT, SYS_CFGCTRL_START, SYS_CFGCTRL_WRITE, A_SYS_CFGSTAT, CLCD_CLCDID, MCI_CARDIN, MCI_WPROT, MCI_WPROT_LATER, RESETCTL_PB926_RESET,
} from '../../generated/realview_sysctl/realview_sysctl.registers.ts';

/** The value that unlocks the lock register. */
const LOCK_VALUE = 0xa05f;
/** Board types in SYS_ID bits 27:16. */
const BOARD_PB926 = 0x100;
const BOARD_EB = 0x140;
const BOARD_PBA8 = 0x178;
const BOARD_PBX = 0x182;
const BOARD_VEXPRESS = 0x190;
/** The PBA8/PBX reset bit of RESETCTL. */
const RESET_PBX = 0x04;
/** Motherboard oscillators after reset, in Hz: static memory, CLCD, then four 24 MHz clocks. */
const MB_CLOCK_RESET = [50_000_000, 23_750_000, 24_000_000, 24_000_000, 24_000_000, 24_000_000] as const;
/** CLCDID after reset on every board but Versatile Express: 0x1f, a VGA display. */
const CLCD_RESET = 0x1f00;
/** The only motherboard voltage sensor, VIO, in microvolts. */
const MB_VOLTAGE = 3_300_000;
/** SYS_CFGCTRL functions and sites. */
const CFG_OSC = 1;
const CFG_VOLT = 2;
const CFG_MUXFPGA = 7;
const CFG_SHUTDOWN = 8;
const CFG_REBOOT = 9;
const CFG_DVIMODE = 11;
const SITE_MB = 0;
const SITE_DB1 = 1;
/** The SYS_CFGCTRL bits that are kept: every field but START (bits 19:18 read as zero). */
const CFGCTRL_KEPT = SYS_CFGCTRL_DEVICE | SYS_CFGCTRL_POSITION | SYS_CFGCTRL_SITE | SYS_CFGCTRL_FUNCTION | SYS_CFGCTRL_DCC | SYS_CFGCTRL_WRITE;

/** Board type from SYS_ID. */
function boardId(ctx: RealviewSysctlContext): number {
  return (ctx.props.sysId >>> 16) & 0xfff;
}

/** A register QEMU decodes only on some boards: elsewhere a bad offset. */
function badOffset(ctx: RealviewSysctlContext, op: 'read' | 'write', offset: number): void {
  ctx.log.guestError(`arm_sysctl_${op}: Bad register offset 0x${offset.toString(16)}`);
}

/** The SYS_CFGCTRL fields of a request. */
interface CfgRequest { readonly dcc: number; readonly fn: number; readonly site: number; readonly position: number; readonly device: number }

function cfgRequest(ctrl: number): CfgRequest {
  const field = (mask: number, shift: number): number => (ctrl & mask) >>> shift;
  return {
    dcc: field(SYS_CFGCTRL_DCC, SYS_CFGCTRL_DCC_SHIFT),
    fn: field(SYS_CFGCTRL_FUNCTION, SYS_CFGCTRL_FUNCTION_SHIFT),
    site: field(SYS_CFGCTRL_SITE, SYS_CFGCTRL_SITE_SHIFT),
    position: field(SYS_CFGCTRL_POSITION, SYS_CFGCTRL_POSITION_SHIFT),
    device: field(SYS_CFGCTRL_DEVICE, SYS_CFGCTRL_DEVICE_SHIFT),
  };
}

function cfgUnimp(ctx: RealviewSysctlContext, op: 'read' | 'write', r: CfgRequest): void {
  const h = (n: number) => `0x${n.toString(16)}`;
  ctx.log.unimp(`arm_sysctl: Unimplemented SYS_CFGCTRL ${op} of function ${h(r.fn)} DCC ${h(r.dcc)} site ${h(r.site)} position ${h(r.position)} device ${h(r.device)}`);
}

/** A supported request targets DCC 0, stack position 0, the motherboard or daughterboard 1. */
function cfgSupported(r: CfgRequest): boolean {
  return r.dcc === 0 && r.position === 0 && (r.site === SITE_MB || r.site === SITE_DB1);
}

/** A SYS_CFG read: the value, or undefined when the function is not implemented. */
function cfgRead(ctx: RealviewSysctlContext, r: CfgRequest): number | undefined {
  if (cfgSupported(r)) {
    if (r.fn === CFG_VOLT && r.site === SITE_MB && r.device === 0) return MB_VOLTAGE;
    if (r.fn === CFG_OSC && r.site === SITE_MB && r.device < ctx.state.mb_clock.length) return ctx.state.mb_clock[r.device];
  }
  cfgUnimp(ctx, 'read', r);
  return undefined;
}

/** A SYS_CFG write: whether the function is implemented. */
function cfgWrite(ctx: RealviewSysctlContext, r: CfgRequest, value: number): boolean {
  if (cfgSupported(r) && r.site === SITE_MB && r.device === 0) {
    switch (r.fn) {
      case CFG_MUXFPGA:
        ctx.log.unimp('arm_sysctl: selection of video output not supported, ignoring');
        return true;
      case CFG_SHUTDOWN:
        ctx.log.unimp('arm_sysctl: guest shutdown requested; the machine keeps running');
        return true;
      case CFG_REBOOT:
        ctx.requestSystemReset();
        return true;
      case CFG_DVIMODE:
        return true;
      default:
        break;
    }
  }
  if (cfgSupported(r) && r.fn === CFG_OSC && r.site === SITE_MB && r.device < ctx.state.mb_clock.length) {
    ctx.state.mb_clock[r.device] = value >>> 0;
    return true;
  }
  cfgUnimp(ctx, 'write', r);
  return false;
}

/** The system controller hooks, one per hook the definition declares. */
export const realviewSysctlHooks: RealviewSysctlHooks = {
  /** QEMU arm_sysctl_reset beyond the register resets: oscillators and CLCDID. */
  reset(ctx) {
    ctx.state.mb_clock.set(MB_CLOCK_RESET);
    ctx.state.sys_clcd = boardId(ctx) === BOARD_VEXPRESS ? 0 : CLCD_RESET;
  },

  readLOCK(ctx) {
    return ctx.state.lockval;
  },

  /** 0xa05f unlocks; anything else is kept without bit 15. */
  writeLOCK(ctx, value) {
    ctx.state.lockval = value === LOCK_VALUE ? value : value & 0x7fff;
  },

  writeFLAGSCLR(ctx, value) {
    ctx.state.flags = (ctx.state.flags & ~value) >>> 0;
  },

  writeNVFLAGSCLR(ctx, value) {
    ctx.state.nvflags = (ctx.state.nvflags & ~value) >>> 0;
  },

  /** Reserved (reads 0) on Versatile Express. */
  readRESETCTL(ctx) {
    return boardId(ctx) === BOARD_VEXPRESS ? 0 : ctx.state.resetlevel;
  },

  /** Taken only while unlocked, on the boards that have it; the board's reset bit resets the machine. */
  writeRESETCTL(ctx, value) {
    const board = boardId(ctx);
    const resetBit = board === BOARD_PB926 ? RESETCTL_PB926_RESET : board === BOARD_PBA8 || board === BOARD_PBX ? RESET_PBX : 0;
    if (resetBit === 0 || ctx.state.lockval !== LOCK_VALUE) return;
    ctx.state.resetlevel = value >>> 0;
    if ((value & resetBit) !== 0) ctx.requestSystemReset();
  },

  /** CLCDID stays; on PB926 the mux output follows bits 1:0; PBA8/PBX keep only bit 7 writable. */
  writeCLCD(ctx, value) {
    const s = ctx.state;
    switch (boardId(ctx)) {
      case BOARD_PB926:
        s.sys_clcd = ((s.sys_clcd & CLCD_CLCDID) | (value & ~CLCD_CLCDID)) >>> 0;
        ctx.gpio['pl110-mux']![0]!.set(value & 3);
        break;
      case BOARD_EB:
        s.sys_clcd = ((s.sys_clcd & CLCD_CLCDID) | (value & ~CLCD_CLCDID)) >>> 0;
        break;
      case BOARD_PBA8:
      case BOARD_PBX:
        s.sys_clcd = ((s.sys_clcd & 0x80) | (value & ~0x80)) >>> 0;
        break;
      default:
        break;
    }
  },

  /** The virtual clock at 24 MHz, truncated to the register's 32 bits. */
  readCLK24MHZ(ctx) {
    return Number(((ctx.now() * 24_000_000n) / 1_000_000_000n) & 0xffff_ffffn);
  },

  readSYS_CFGDATA(ctx) {
    if (boardId(ctx) === BOARD_VEXPRESS) return ctx.state.sys_cfgdata;
    badOffset(ctx, 'read', A_SYS_CFGDATA);
    return 0;
  },

  writeSYS_CFGDATA(ctx, value) {
    if (boardId(ctx) === BOARD_VEXPRESS) ctx.state.sys_cfgdata = value >>> 0;
    else badOffset(ctx, 'write', A_SYS_CFGDATA);
  },

  readSYS_CFGCTRL(ctx) {
    if (boardId(ctx) === BOARD_VEXPRESS) return ctx.state.sys_cfgctrl;
    badOffset(ctx, 'read', A_SYS_CFGCTRL);
    return 0;
  },

  /** The start bit runs the request and completes it (status 1, plus 2 on error); it reads as zero. */
  writeSYS_CFGCTRL(ctx, value) {
    if (boardId(ctx) !== BOARD_VEXPRESS) {
      badOffset(ctx, 'write', A_SYS_CFGCTRL);
      return;
    }
    const s = ctx.state;
    s.sys_cfgctrl = (value & CFGCTRL_KEPT) >>> 0;
    if ((value & SYS_CFGCTRL_START) === 0) return;
    const r = cfgRequest(s.sys_cfgctrl);
    s.sys_cfgstat = 1;
    if ((s.sys_cfgctrl & SYS_CFGCTRL_WRITE) !== 0) {
      if (!cfgWrite(ctx, r, s.sys_cfgdata)) s.sys_cfgstat |= 2;
    } else {
      const data = cfgRead(ctx, r);
      if (data === undefined) s.sys_cfgstat |= 2;
      else s.sys_cfgdata = data >>> 0;
    }
  },

  readSYS_CFGSTAT(ctx) {
    if (boardId(ctx) === BOARD_VEXPRESS) return ctx.state.sys_cfgstat;
    badOffset(ctx, 'read', A_SYS_CFGSTAT);
    return 0;
  },

  writeSYS_CFGSTAT(ctx, value) {
    if (boardId(ctx) === BOARD_VEXPRESS) ctx.state.sys_cfgstat = value & 3;
    else badOffset(ctx, 'write', A_SYS_CFGSTAT);
  },

  /** MMC inputs: write protect at bit 2 on PB926 and EB, bit 1 on later boards; card inserted at bit 0. */
  gpioInMmc(ctx, n, level) {
    const board = boardId(ctx);
    const bit = n === 0 ? (board === BOARD_PB926 || board === BOARD_EB ? MCI_WPROT : MCI_WPROT_LATER) : MCI_CARDIN;
    ctx.state.sys_mci = (Number(level) !== 0 ? ctx.state.sys_mci | bit : ctx.state.sys_mci & ~bit) >>> 0;
  },
};

/** The realview_sysctl device class: generated type description bound to the hooks above. */
export const realviewSysctlClass = defineRealviewSysctl(realviewSysctlHooks);
