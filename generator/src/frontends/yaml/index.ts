/** Public entry of the YAML front end. */
export { loadYamlDevice, type LoadOptions, type LoadResult } from './load.ts';
export { DEFAULT_READ_LIMITS, type ReadLimits } from './read.ts';
