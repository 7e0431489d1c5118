/** Public entry of the decorator front end (`*.device.ts`): it reads; the pipeline runs the stages. */
export { DEFAULT_DECORATOR_LIMITS, readDecorators, type DecoratorReadLimits } from './read.ts';
