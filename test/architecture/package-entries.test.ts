/**
 * The package as its users load it: `devgen/define` and a decorator device that runs load no
 * compiler code; `bin/devgen.js` runs the compiled dist/ — the command line's bundle, dist/cli/ —
 * (no TypeScript of devgen's own, no loader) and every command loads only what it needs — `--version` none of the compiler's
 * libraries, `generate` and `lint` with nothing changed none (the command memo), `qtest` the
 * runtime once, from dist/, beside the project's compiled TypeScript. Inside the checkout the
 * tests see the sources: `devgen/runtime` is the same module as the runtime files they import.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, packagesOf, runRecordingLoads } from './module-loads.ts';

const BIN = join(ROOT, 'bin/devgen.js');
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
/** Libraries only the compiler needs. */
const COMPILER_LIBRARIES = ['handlebars', 'ts-morph', 'typescript', 'yaml', 'zod'];

/** Drops the checkout's command memo, so the next command runs in full. */
const forgetCommands = (): void => rmSync(join(ROOT, '.devgen-cache', 'commands'), { recursive: true, force: true });

/** devgen's own modules among `modules` that are TypeScript sources (not dist/). */
const ownSources = (modules: readonly string[]): string[] =>
  modules.filter((m) => /^(generator|runtime|define)\/src\/.*\.ts$/.test(m));

describe('devgen/define', () => {
  it('compiled, loads its one module and nothing of the compiler', () => {
    const r = runRecordingLoads(['--input-type=module', '-e', "const d = await import('devgen/define'); if (typeof d.Device !== 'function') process.exit(3);"]);
    expect(r.status).toBe(0);
    expect(r.modules).toEqual(['dist/define/src/index.js']);
  });

  it('from source (the checkout\'s devgen-source condition), loads define/src only', () => {
    const r = runRecordingLoads(['--conditions=devgen-source', '--import', 'tsx', '--input-type=module', '-e', "await import('devgen/define');"]);
    expect(r.status).toBe(0);
    expect(r.modules.filter((m) => !m.startsWith('node_modules/'))).toEqual(['define/src/index.ts']);
  });

  it('a decorator device that runs (pcf8574: definition and behaviour in one class) loads the runtime, not the compiler', () => {
    const r = runRecordingLoads(['--import', 'tsx', '--input-type=module', '-e', [
      "const m = await import('./defs/pcf8574/pcf8574.device.ts');",
      "if (m.pcf8574Class?.typeName !== 'pcf8574') process.exit(3);",
    ].join('\n')]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.modules.filter((m) => m.startsWith('generator/') || m.startsWith('dist/generator/'))).toEqual([]);
    expect(r.modules).toContain('dist/define/src/index.js');
    expect(r.modules).toContain('dist/runtime/src/codegen/v1/index.js');
    expect(packagesOf(r.modules).filter((p) => COMPILER_LIBRARIES.includes(p))).toEqual([]);
  });
});

describe('bin/devgen.js runs the compiled CLI', () => {
  it('--version: the package version, from dist/, without the compiler\'s libraries', () => {
    const r = runRecordingLoads([BIN, '--version']);
    expect(r.stdout).toBe(`${VERSION}\n`);
    expect(r.status).toBe(0);
    expect(ownSources(r.modules)).toEqual([]);
    expect(r.modules).toContain('dist/cli/main.js');
    expect(packagesOf(r.modules).filter((p) => COMPILER_LIBRARIES.includes(p) || p === 'tsx' || p === 'esbuild')).toEqual([]);
  });

  it('generate --check runs from dist/ and, with nothing changed, replays without loading the compiler', () => {
    // A run that fills another cache (the decorator lowering cache on a fresh checkout) writes,
    // so it is not remembered: start from warm caches and a forgotten command.
    runRecordingLoads([BIN, 'generate', '--check']);
    forgetCommands();
    const first = runRecordingLoads([BIN, 'generate', '--check']);
    expect(first.stderr).toBe('');
    expect(first.stdout).toMatch(/generated files are up to date/);
    expect(first.status).toBe(0);
    expect(ownSources(first.modules)).toEqual([]);
    // The first run compiles: it reads the definitions (yaml) from the command line's bundle.
    expect(packagesOf(first.modules)).toContain('yaml');
    expect(first.modules.some((m) => m.startsWith('dist/cli/generate.command-'))).toBe(true);
    expect(packagesOf(first.modules)).not.toContain('tsx');
    const again = runRecordingLoads([BIN, 'generate', '--check']);
    expect([again.status, again.stdout, again.stderr]).toEqual([0, first.stdout, '']);
    expect(packagesOf(again.modules).filter((p) => COMPILER_LIBRARIES.includes(p))).toEqual([]);
  });

  it('lint replays an unchanged project without loading the compiler', () => {
    runRecordingLoads([BIN, 'lint', '--no-color']);
    forgetCommands();
    const first = runRecordingLoads([BIN, 'lint', '--no-color']);
    expect(first.status).toBe(0);
    expect(packagesOf(first.modules)).toContain('yaml');
    expect(first.modules.some((m) => m.startsWith('dist/cli/lint-project-'))).toBe(true);
    const again = runRecordingLoads([BIN, 'lint', '--no-color']);
    expect([again.status, again.stdout, again.stderr]).toEqual([first.status, first.stdout, first.stderr]);
    expect(packagesOf(again.modules).filter((p) => COMPILER_LIBRARIES.includes(p))).toEqual([]);
  });

  const qtest = (env: Record<string, string> = {}): ReturnType<typeof runRecordingLoads> =>
    runRecordingLoads([BIN, 'qtest', '--machine', 'virt'], { input: 'readl 0x09000fe0\n', env });

  it('qtest starts from the project\'s start-up image: no command line, no module of the runtime or the project, no compiler', () => {
    qtest(); // makes the image on a cold cache
    qtest(); // writes its code cache once the first input is answered
    const r = qtest();
    expect(r.stdout).toBe('OK 0x0000000000000011\n');
    expect(r.status).toBe(0);
    expect(r.modules).toContain('dist/cli/qtest-fast.js');
    expect(r.modules).not.toContain('dist/cli/main.js');
    expect(r.modules.filter((m) => m.startsWith('dist/runtime/') || m.startsWith('.devgen-cache/modules/') || m.startsWith('runtime/'))).toEqual([]);
    expect(ownSources(r.modules)).toEqual([]);
    expect(packagesOf(r.modules)).toEqual([]);
  });

  it('qtest without images (DEVGEN_IMAGES=0) loads one runtime, the compiled one, and the project\'s TypeScript without a loader', () => {
    qtest({ DEVGEN_IMAGES: '0' }); // compiles the project's TypeScript on a cold cache
    const r = qtest({ DEVGEN_IMAGES: '0' });
    expect(r.stdout).toBe('OK 0x0000000000000011\n');
    expect(r.status).toBe(0);
    expect(ownSources(r.modules)).toEqual([]);
    expect(r.modules.filter((m) => m.startsWith('runtime/'))).toEqual([]);
    expect(r.modules).toContain('dist/runtime/src/codegen/v1/index.js');
    expect(r.modules.some((m) => m.startsWith('.devgen-cache/modules/generated/machines/'))).toBe(true);
    expect(packagesOf(r.modules).filter((p) => [...COMPILER_LIBRARIES, 'tsx', 'esbuild'].includes(p))).toEqual([]);
  });
});

describe('inside the checkout', () => {
  it('devgen/runtime is the runtime source the tests import directly (one runtime instance)', async () => {
    const entry = await import('devgen/runtime');
    const source = await import('../../runtime/src/device/define-device.ts');
    expect(entry.defineDevice).toBe(source.defineDevice);
  });
});
