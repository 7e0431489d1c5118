/**
 * `devgen qemu install QEMU_SRC [DEV...]`: drops the project's devices into a QEMU source tree
 * (the generated QEMU C, the behaviour C beside each definition, meson.build and trace-events
 * edits), as described by generated/<dev>/qemu/manifest.json. Running it again changes nothing;
 * a problem anywhere is reported as positioned diagnostics and nothing is written.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { formatDiagnostics } from '../diagnostics/render.ts';
import { UserError, type CliIo } from './errors.ts';
import { devicesWithManifest, planQemuInstall, writeQemuInstall } from './qemu-install.ts';

/** Options of `qemu install`. */
export interface QemuInstallOptions {
  /** Show what would change without writing. */
  readonly dryRun?: boolean;
}

/** Checks that `dir` is a QEMU source tree; returns its version (the VERSION file). */
export function qemuTreeVersion(dir: string): string {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UserError(`${dir}: no such folder (expected a QEMU source tree)`);
  const version = join(dir, 'VERSION');
  if (!existsSync(version) || !existsSync(join(dir, 'meson.build')) || !existsSync(join(dir, 'hw'))) {
    throw new UserError(`${dir} is not a QEMU source tree: it needs VERSION, meson.build and hw/ at its top`);
  }
  return readFileSync(version, 'utf8').trim();
}

/** Runs the install; returns the exit code (1 when a diagnostic stopped it). */
export function runQemuInstall(projectRoot: string, qemuSrcArg: string, devices: readonly string[], opts: QemuInstallOptions, io: CliIo): number {
  const qemuSrc = resolve(qemuSrcArg);
  const version = qemuTreeVersion(qemuSrc);
  const known = devicesWithManifest(projectRoot);
  if (known.length === 0) throw new UserError(`no device of ${projectRoot} has QEMU sources (generated/<dev>/qemu/manifest.json): select the qemu-c emitter and run \`devgen generate\``);
  for (const d of devices) {
    if (!known.includes(d)) throw new UserError(`device '${d}' has no QEMU sources (generated/${d}/qemu/manifest.json); devices that have them: ${known.join(', ')}`);
  }
  const plan = planQemuInstall({ projectRoot, qemuSrc, ...(devices.length > 0 ? { devices } : {}) });
  if (plan.diagnostics.length > 0) {
    io.err(formatDiagnostics(plan.diagnostics, plan.sources));
    io.err(`devgen: nothing was written to ${qemuSrc}.\n`);
    return 1;
  }
  const names = plan.manifests.map((m) => m.device).join(', ');
  if (opts.dryRun === true) {
    let changes = 0;
    for (const f of plan.files) {
      const full = join(qemuSrc, f.path);
      const same = existsSync(full) && readFileSync(full).equals(f.content);
      if (!same) changes++;
      io.out(`${same ? 'unchanged' : existsSync(full) ? 'would replace' : 'would add'}  ${f.path}\n`);
    }
    io.out(`${names} into QEMU ${version} at ${qemuSrc}: ${changes} file(s) would change (dry run)\n`);
    return 0;
  }
  const existed = new Set(plan.files.filter((f) => existsSync(join(qemuSrc, f.path))).map((f) => f.path));
  const result = writeQemuInstall(plan, qemuSrc);
  for (const path of result.written) io.out(`${existed.has(path) ? 'replaced' : 'added'}  ${path}\n`);
  io.out(`${names} into QEMU ${version} at ${qemuSrc}: ${result.written.length} file(s) written, ${result.unchanged.length} unchanged\n`);
  return 0;
}
