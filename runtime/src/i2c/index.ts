/** I2C: the bus (QEMU hw/i2c/core.c semantics) and the bit-banged master engine. */
export { I2C_BROADCAST, I2cBus, I2cConfigError, type I2cBusObserver, type I2cBusOp, type I2cEvent, type I2cSlave } from './i2c-bus.ts';
export { BitbangI2c, BitbangState, type BitbangLine, type BitbangSnapshot, type LineLevel } from './bitbang-i2c.ts';
