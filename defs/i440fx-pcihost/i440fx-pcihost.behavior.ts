/**
 * Hand-written behaviour of the i440FX host bridge's CONFIG_DATA port, as QEMU 10.0's
 * pci_host_data_read / pci_host_data_write: while CONFIG_ADDRESS's enable bit is clear the
 * port reads all ones and drops writes; otherwise byte lane i reaches the configuration byte
 * at CONFIG_ADDRESS | i on the child bus.
 *
 * Verified on QEMU 10.0 (-M pc): see test/diff/cases/pc-pci-*.qtest.
 */
import type { I440FXPcihostContext, I440FXPcihostHooks } from '../../generated/i440FX-pcihost/i440FX-pcihost.hooks.ts';
import { defineI440FXPcihost } from '../../generated/i440FX-pcihost/i440FX-pcihost.qom.ts';
import { CONFIG_ADDRESS_ENABLE } from '../../generated/i440FX-pcihost/i440FX-pcihost.registers.ts';

/** The configuration address of byte lane `lane`, or undefined while the port is disabled. */
function laneAddress(ctx: I440FXPcihostContext, lane: number): number | undefined {
  const reg = ctx.state.config_reg;
  return (reg & CONFIG_ADDRESS_ENABLE) === 0 ? undefined : (reg | lane) >>> 0;
}

/** The host bridge hooks, one per hook the definition declares. */
export const i440FXPcihostHooks: I440FXPcihostHooks = {
  /** QEMU pci_host_data_read, one byte lane. */
  readCONFIG_DATA(ctx, lane) {
    const address = laneAddress(ctx, lane);
    return address === undefined ? 0xff : ctx.buses['pci.0'].configRead(address, 1) & 0xff;
  },
  /** QEMU pci_host_data_write, one byte lane. */
  writeCONFIG_DATA(ctx, lane, value) {
    const address = laneAddress(ctx, lane);
    if (address !== undefined) ctx.buses['pci.0'].configWrite(address, 1, value & 0xff);
  },
};

/** The host bridge's device class: generated type description bound to the hooks above. */
export const i440FXPcihostClass = defineI440FXPcihost(i440FXPcihostHooks);
