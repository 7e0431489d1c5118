/**
 * What `npm pack` ships: the command, the compiled package (JavaScript, the declarations
 * consumers type-check against, the templates it reads) and every file `exports` names — no
 * TypeScript sources, tests, definitions or generated files of devgen's own. Runs the real
 * `npm pack --dry-run`, which builds dist/ through the package's lifecycle scripts.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './module-loads.ts';

interface PackReport {
  readonly size: number;
  readonly unpackedSize: number;
  readonly files: readonly { readonly path: string }[];
}

/** Every file a conditional `exports` map names, and `bin`. */
function namedFiles(): string[] {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { exports: Record<string, unknown>; bin: Record<string, string> };
  const out: string[] = Object.values(pkg.bin);
  for (const target of Object.values(pkg.exports)) {
    if (typeof target === 'string') out.push(target);
    else for (const [condition, file] of Object.entries(target as Record<string, string>)) if (condition !== 'devgen-source') out.push(file);
  }
  return out.map((f) => f.replace(/^\.\//, ''));
}

describe('npm pack', () => {
  const r = spawnSync('npm', ['pack', '--dry-run', '--json'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, npm_config_fund: 'false', npm_config_audit: 'false' } });
  // The lifecycle scripts print to standard output before the JSON report.
  const report = (JSON.parse(r.stdout.slice(r.stdout.search(/^\[/m))) as PackReport[])[0]!;
  const files = report.files.map((f) => f.path);

  it('builds and lists the package', () => {
    expect(r.status).toBe(0);
    expect(files.length).toBeGreaterThan(100);
    console.log(`npm pack: ${files.length} files, tarball ${(report.size / 1024).toFixed(0)} KiB, unpacked ${(report.unpackedSize / 1024).toFixed(0)} KiB`);
  });

  it('ships every file exports and bin name, the templates and the build id', () => {
    expect(namedFiles().filter((f) => !files.includes(f))).toEqual([]);
    expect(files).toContain('dist/generator/src/templates/partials/banner.hbs');
    expect(files).toContain('dist/generator/src/cli/main.js');
    expect(files).toContain('dist/cli/main.js');
    expect(files).toContain('dist/build-id.txt');
  });

  it('ships no sources, tests, definitions or caches', () => {
    const stray = files.filter((f) => !f.startsWith('dist/') && !['bin/devgen.js', 'package.json', 'README.md'].includes(f));
    expect(stray).toEqual([]);
    expect(files.filter((f) => f.startsWith('dist/') && f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
  });
});
