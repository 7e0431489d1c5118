/**
 * Where `npm run qemu:check` keeps its QEMU, and which QEMUs count as stock: the one set of
 * paths the harness, `npm run bench` and the tests share.
 *
 * - the devgen QEMU: a copy of QEMU 10.0.13's prepared source with the devices installed, built
 *   for aarch64 and x86_64 (~/.cache/devgen-qemu-check/{src,build}, one lock file for everyone
 *   who builds there);
 * - stock QEMU for comparison: the Debian binary of the oracle (pl011, hpet, versatile_i2c), and
 *   for a case that plugs in a pcf8574 — which Debian's binary leaves out — the stock source
 *   build of `build-qemu` (default mode, ~/.cache/qemu-build).
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { qemuOracleDir } from '../../test/support/qemu-oracle.ts';

/** The devgen checkout. */
export const PROJECT_ROOT = resolve(import.meta.dirname, '../..');
/** ../shared/oracle beside the checkout. */
export const SHARED_ORACLE = resolve(PROJECT_ROOT, '../shared/oracle');

const cache = (): string => process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache');

/** Everything qemu:check keeps between runs ($DEVGEN_QEMU_CHECK_DIR, else ~/.cache/devgen-qemu-check). */
export function checkDir(): string {
  return process.env.DEVGEN_QEMU_CHECK_DIR ?? join(cache(), 'devgen-qemu-check');
}

/** The copy of QEMU's source the devices are installed into. */
export const copyDir = (): string => join(checkDir(), 'src');
/** Its build (`build-qemu --build COPY OUT`); OUT/bin holds the qemu-system wrappers. */
export const buildDir = (): string => join(checkDir(), 'build');
/** The lock every user of the copy and its build holds (flock). */
export const lockFile = (): string => join(checkDir(), 'lock');
/** What the mirror copied (source-mirror.ts). */
export const mirrorState = (): string => join(checkDir(), 'mirror-state.json');

/** The stock source build of build-qemu ($QEMU_BUILD_DIR, else ~/.cache/qemu-build), a --qemu-dir. */
export function stockBuildDir(): string {
  return process.env.QEMU_BUILD_DIR ?? join(cache(), 'qemu-build');
}

/** The Debian QEMU 10.0 oracle, a --qemu-dir. */
export const debianOracleDir = (): string => qemuOracleDir();

/** The QEMU targets the devgen QEMU is built for. */
export const TARGETS = ['aarch64-softmmu', 'x86_64-softmmu'] as const;

/** Whether `dir` holds a QEMU usable as a --qemu-dir for `arch`. */
export function hasQemu(dir: string, arch: 'aarch64' | 'arm' | 'x86_64'): boolean {
  return existsSync(join(dir, 'bin', `qemu-system-${arch}`));
}

/** The devices qemu:check replaces, by devgen name. */
export const CHECKED_DEVICES = ['pl011', 'versatile_i2c', 'pcf8574', 'hpet'] as const;

/** The stock QEMU a comparison uses: the source build when a case plugs in a pcf8574, else Debian's. */
export function stockDirFor(deviceHeader: string | undefined): string {
  return deviceHeader !== undefined && /\bpcf8574\b/.test(deviceHeader) ? stockBuildDir() : debianOracleDir();
}
