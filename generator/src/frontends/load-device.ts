/**
 * One entry for every front end: picks the YAML or the decorator front end by file name
 * (`*.device.yaml` / `*.device.ts`). Decorator definitions go through the content-hash cache
 * when a project root is given, so ts-morph starts only for a changed file.
 */
import { loadYamlDevice, type LoadResult } from './yaml/index.ts';
import { loadDecoratorDevice, loadDecoratorDeviceCached } from './decorators/index.ts';

/** Whether `file` is a decorator definition. */
export function isDecoratorDef(file: string): boolean {
  return file.endsWith('.device.ts');
}

/** Options of loadDevice. */
export interface LoadDeviceOptions {
  readonly root?: string;
  /** Use the decorator cache under `root/.devgen-cache` (default true when root is given). */
  readonly cache?: boolean;
}

/** Loads a definition of either front end. */
export function loadDevice(file: string, text: string, options: LoadDeviceOptions = {}): LoadResult {
  if (!isDecoratorDef(file)) return loadYamlDevice(file, text, { root: options.root });
  if (options.root !== undefined && options.cache !== false) return loadDecoratorDeviceCached(file, text, { root: options.root });
  return loadDecoratorDevice(file, text, { root: options.root });
}
