/** Public entry of the decorator front end (`*.device.ts`). */
export { loadDecoratorDevice, type DecoratorLoadOptions } from './load.ts';
export { loadDecoratorDeviceCached, cacheStats } from './cache.ts';
export { DEFAULT_DECORATOR_LIMITS, type DecoratorReadLimits } from './read.ts';
