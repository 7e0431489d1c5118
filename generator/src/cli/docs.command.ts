/**
 * `devgen docs [-o DIR]`: the project's register maps as a static HTML site
 * (generator/src/docs-site): loads and checks every definition, writes `index.html` and one
 * page per device into DIR (only files whose content changed) and prints where it is.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { formatDiagnostics } from '../diagnostics/render.ts';
import type { CliIo } from './errors.ts';

/** Writes the site of the project at `root` into `out` (relative to the working directory); returns the exit code. */
export async function runDocs(root: string, out: string | undefined, io: CliIo): Promise<number> {
  const [{ loadProject }, { buildSite }] = await Promise.all([import('../api/index.ts'), import('../docs-site/site.ts')]);
  const project = loadProject(root);
  if (project.diagnostics.length > 0) io.err(formatDiagnostics(project.diagnostics, project.sources));
  if (!project.ok) {
    io.err('devgen: nothing was written.\n');
    return 1;
  }
  const dir = out === undefined ? join(root, 'build/docs') : resolve(out);
  mkdirSync(dir, { recursive: true });
  let written = 0;
  const files = buildSite(project.devices);
  for (const f of files) {
    const path = join(dir, f.path);
    if (existsSync(path) && readFileSync(path, 'utf8') === f.content) continue;
    writeFileSync(path, f.content);
    written++;
  }
  io.out(`devgen: docs for ${files.length - 1} devices in ${dir} (${written} files written): ${pathToFileURL(join(dir, 'index.html')).href}\n`);
  return 0;
}
