/**
 * codegen v1 — the package entry `devgen/runtime`, the only runtime module anything outside the
 * runtime imports: generated code, behaviour, board programs and the devgen command itself. It
 * only re-exports; the contract's types live in runtime/src/contract, the code in the runtime's
 * folders. Changing what generated code relies on here is a new version.
 */

// What generated code fills in and behaviour sees: table shapes, contexts, device classes,
// migration descriptions and helpers, board descriptors.
export type * from '../../contract/types.ts';
export type * from '../../contract/context.ts';
export type { I2cBus } from '../../i2c/i2c-bus.ts';
export type { PciBus } from '../../pci/pci-bus.ts';
export * from '../../device/index.ts';
export * from '../../migration/index.ts';
export type * from '../../board/machine-descriptor.ts';
// The register formulas as data: tools that predict what a register answers (conformance
// cases generated from a definition) apply the same steps the dispatchers are built from.
export { READ_SIDE_EFFECTS, READ_VALUE, WRITE_FORMULA, applyBigint, bigintSteps, laneMask } from '../../device/register-semantics.ts';
export type { ActiveStep, FormulaStep } from '../../device/register-semantics.ts';
// QEMU's memory-core rules for one region (validity, access_with_adjusted_size, the chunking of
// a longer access), so such tools split accesses exactly as the address space does.
export { createMmioRegion, dispatchRead, dispatchWrite, memoryAccessSize } from '../../memory/index.ts';
export type { MemoryRegion, MemoryRegionOps } from '../../memory/index.ts';
export { nullGuestLog } from '../../log/index.ts';
export { boardPart, defineMachines, mmioBase } from '../../board/define-machines.ts';

// What a host program builds and drives machines with: the board registry, serial back ends,
// IRQ observers, the qtest server and its stand-ins, QOM's errors.
export { Machine } from '../../machine/machine.ts';
export { RtcSpecError, parseRtcSpec, rtcDateToSeconds } from '../../clock/index.ts';
export type { HostTime, RtcOptions } from '../../clock/index.ts';
export type { DeviceSpec, IrqInputs, MachineOptions } from '../../machine/machine.ts';
export { MachineRegistry, UnknownMachineError, buildMachine } from '../../machine/machine-definition.ts';
export type { MachineBuildOptions, MachineDefinition } from '../../machine/machine-definition.ts';
export { ChardevSpecError, createMemoryChardev, createNullChardev, openChardev } from '../../chardev/chardev.ts';
export type { Chardev, MemoryChardev } from '../../chardev/chardev.ts';
export { createIrqLine, createIrqSink } from '../../irq/index.ts';
export type { IrqObserver, IrqOutput, IrqSink } from '../../irq/index.ts';
export { QtestSession, createGpioStandIn, parseDeviceSpec, qtestTargetFromMachine, runQtestStdio } from '../../qtest/index.ts';
export type { GpioListSpec, GpioStandIn, QtestStdioOptions, QtestTarget } from '../../qtest/index.ts';
export { QomError, isQomError } from '../../qom/index.ts';
export type { PropertyValue, QomErrorKind } from '../../qom/index.ts';
