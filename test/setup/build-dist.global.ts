/**
 * vitest global set-up: rebuilds dist/ (JavaScript and assets; esbuild, a fraction of a second
 * when little changed) before any test runs, so the tests that start `node bin/devgen.js` run
 * the sources as they are now, never a stale build.
 */
import { buildDist } from '../../scripts/build.mjs';

/** Runs once per vitest run, before the first test file. */
export default async function setup(): Promise<void> {
  await buildDist({ declarations: false });
}
