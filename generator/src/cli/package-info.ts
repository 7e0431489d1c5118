/**
 * devgen's own package.json, found from this module's location: the nearest package.json named
 * `devgen` above it. That holds whether devgen runs from its TypeScript sources or from a
 * compiled bundle in another folder of the package, and whether it is a checkout or installed
 * under a project's node_modules.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package name devgen is published under (projects depend on it by this name). */
export const PACKAGE_NAME = 'devgen';

/** What devgen reads of its own package.json. */
export interface DevgenPackage {
  /** Folder holding the package.json. */
  readonly root: string;
  readonly version: string;
  /** Development dependencies by name (versions of the tools a project's checks use). */
  readonly devDependencies: Readonly<Record<string, string>>;
}

let cached: DevgenPackage | undefined;

/** devgen's package (read once). Throws when no package.json named devgen is above this module. */
export function devgenPackage(): DevgenPackage {
  if (cached !== undefined) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const json = JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown; version?: unknown; devDependencies?: Record<string, string> };
      if (json.name === PACKAGE_NAME && typeof json.version === 'string') {
        cached = { root: dir, version: json.version, devDependencies: json.devDependencies ?? {} };
        return cached;
      }
    }
    const up = dirname(dir);
    if (up === dir) throw new Error(`no package.json named ${PACKAGE_NAME} above ${fileURLToPath(import.meta.url)}`);
    dir = up;
  }
}
