/**
 * Locates the private QEMU 10.0 that ../shared/oracle/install-qemu puts in place.
 * Differential tests need it: they fail (not skip) when it is missing, because .ci/run
 * installs it and a silent skip would hide a broken comparison.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** Folder of the QEMU oracle ($QEMU_ORACLE_DIR, else ~/.cache/qemu-oracle). */
export function qemuOracleDir(): string {
  return process.env.QEMU_ORACLE_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'qemu-oracle');
}

/** Path of `qemu-system-<arch>`; throws a clear error when the oracle is not installed. */
export function qemuBinary(arch: 'aarch64' | 'arm' | 'x86_64'): string {
  const bin = join(qemuOracleDir(), 'bin', `qemu-system-${arch}`);
  if (!existsSync(bin)) {
    throw new Error(`QEMU oracle not found at ${bin}: run ../shared/oracle/install-qemu (CI does this in .ci/run)`);
  }
  return bin;
}
