/** Public entry of the YAML front end (`*.device.yaml`): it reads; the pipeline runs the stages. */
export { DEFAULT_READ_LIMITS, readYaml, type ReadLimits } from './read.ts';
