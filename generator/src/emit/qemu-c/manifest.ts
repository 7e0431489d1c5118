/**
 * The install manifest of one device's QEMU sources, `generated/<dev>/qemu/manifest.json`.
 * The `qemu-c` emitter writes it; `devgen qemu install` and `npm run qemu:check` read it and
 * apply it to a QEMU source tree. It is the one description of where a devgen device lands in
 * QEMU, so the installer knows nothing about any particular device.
 *
 * Paths: every `from` is relative to the devgen project root, every `to` / `file` relative to
 * the root of the QEMU source tree; posix separators, never absolute, never containing `..`.
 *
 * Files are listed headers first: the generated header, then the hand-written behaviour header
 * (`<stem>.behavior.h` beside the definition, when the `qemu:` section names `behavior-header`;
 * the generated header includes it last), the generated source, the hand-written behaviour
 * source (`<stem>.behavior.c`).
 *
 * Example (pl011):
 *
 *   { "device": "pl011",
 *     "files": [ {"from": "generated/pl011/qemu/pl011.h", "to": "include/hw/char/pl011.h"},
 *                {"from": "generated/pl011/qemu/pl011.c", "to": "hw/char/pl011.c"},
 *                {"from": "defs/pl011/pl011.behavior.c", "to": "hw/char/pl011-behavior.c"} ],
 *     "meson": {"file": "hw/char/meson.build", "add": ["pl011-behavior.c"], "after": "pl011.c"},
 *     "traceEvents": {"file": "hw/char/trace-events", "replacePrefix": "pl011_",
 *                     "from": "generated/pl011/qemu/trace-events"} }
 */

/** Manifest format version; bumped when a reader of an older shape would misapply a newer one. */
export const QEMU_MANIFEST_VERSION = 1;

/** File name of the manifest inside `generated/<dev>/qemu/`. */
export const QEMU_MANIFEST_FILE = 'manifest.json';

/** One file copied into the QEMU tree, replacing the file there when one exists. */
export interface QemuManifestFile {
  /** Source, relative to the project root (a generated file or a hand-written behaviour file). */
  readonly from: string;
  /** Destination, relative to the QEMU source root. */
  readonly to: string;
}

/**
 * A meson.build edit: each name in `add` is inserted into the source list right after the
 * quoted entry `after` (the device's existing source file), in the same `files(...)` call or
 * `when:` line, unless the file already names it. Applying it twice changes nothing.
 */
export interface QemuManifestMeson {
  /** The meson.build to edit, relative to the QEMU source root. */
  readonly file: string;
  /** Source file names (relative to the meson.build's folder) to add. */
  readonly add: readonly string[];
  /** The existing entry the new names follow, e.g. `pl011.c`. */
  readonly after: string;
}

/**
 * A trace-events edit: every line of the QEMU file whose event name starts with
 * `replacePrefix` is removed, and the lines of `from` (the generated fragment, comment lines
 * included) are inserted where the first removed line was, or appended when none was found.
 */
export interface QemuManifestTraceEvents {
  /** The trace-events file to edit, relative to the QEMU source root. */
  readonly file: string;
  /** Event-name prefix owned by the device, e.g. `pl011_`. */
  readonly replacePrefix: string;
  /** The generated fragment, relative to the project root. */
  readonly from: string;
}

/**
 * The whole manifest of one device. The file written also carries a `$comment` key first (the
 * devgen banner, so the write layer knows the file as generated); readers ignore it.
 */
export interface QemuManifest {
  /** Format version ({@link QEMU_MANIFEST_VERSION}). */
  readonly version: number;
  /** The devgen device name (the definition's `name:`). */
  readonly device: string;
  /** QEMU target(s) whose build contains the device, e.g. `aarch64-softmmu`. */
  readonly targets: readonly string[];
  /** Files copied into the QEMU tree, in a fixed order (headers first). */
  readonly files: readonly QemuManifestFile[];
  /** The meson.build edit, absent when the device's sources are already listed. */
  readonly meson?: QemuManifestMeson;
  /** The trace-events edit, absent when the device defines no trace events. */
  readonly traceEvents?: QemuManifestTraceEvents;
}

/** A manifest path is safe to apply: relative, posix, no `..` segment, no empty segment. */
export function isManifestPath(path: string): boolean {
  if (path === '' || path.startsWith('/') || path.includes('\\')) return false;
  return path.split('/').every((seg) => seg !== '' && seg !== '.' && seg !== '..');
}

/**
 * Reads a parsed manifest, returning the problems found (empty when it is well formed).
 * The installer calls it before touching a QEMU tree, so a damaged manifest changes nothing.
 */
export function checkQemuManifest(value: unknown): string[] {
  const problems: string[] = [];
  const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isObj(value)) return ['the manifest must be a JSON object'];
  if (value.version !== QEMU_MANIFEST_VERSION) problems.push(`'version' must be ${QEMU_MANIFEST_VERSION}`);
  if (typeof value.device !== 'string' || value.device === '') problems.push("'device' must be a non-empty string");
  if (!Array.isArray(value.targets) || !value.targets.every((t) => typeof t === 'string')) problems.push("'targets' must be a list of strings");
  const path = (v: unknown, where: string): void => {
    if (typeof v !== 'string' || !isManifestPath(v)) problems.push(`${where} must be a relative path without '..'`);
  };
  if (!Array.isArray(value.files)) problems.push("'files' must be a list");
  else
    value.files.forEach((f, i) => {
      if (!isObj(f)) {
        problems.push(`files[${i}] must be an object`);
        return;
      }
      path(f.from, `files[${i}].from`);
      path(f.to, `files[${i}].to`);
    });
  if (value.meson !== undefined) {
    const m = value.meson;
    if (!isObj(m)) problems.push("'meson' must be an object");
    else {
      path(m.file, 'meson.file');
      if (!Array.isArray(m.add) || !m.add.every((a) => typeof a === 'string' && isManifestPath(a))) problems.push("'meson.add' must be a list of file names");
      if (typeof m.after !== 'string' || m.after === '') problems.push("'meson.after' must be a file name");
    }
  }
  if (value.traceEvents !== undefined) {
    const t = value.traceEvents;
    if (!isObj(t)) problems.push("'traceEvents' must be an object");
    else {
      path(t.file, 'traceEvents.file');
      path(t.from, 'traceEvents.from');
      if (typeof t.replacePrefix !== 'string' || !/^[a-z0-9_]+$/.test(t.replacePrefix)) problems.push("'traceEvents.replacePrefix' must be an event-name prefix");
    }
  }
  return problems;
}
