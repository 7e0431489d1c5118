/**
 * Applies devices' install manifests (generated/<dev>/qemu/manifest.json, written by the qemu-c
 * emitter) to a QEMU source tree: copies the generated and behaviour files, adds the extra
 * sources to meson.build and replaces the device's trace events. `devgen qemu install` and
 * `npm run qemu:check` both go through here.
 *
 * It works as a plan and a write: the plan reads every manifest and every file it needs, and
 * collects every problem as a positioned diagnostic; nothing is written unless the whole plan is
 * clean, and then only the files whose content differs. The plan can start from another tree
 * than the one it writes (`base`): qemu:check keeps a pristine QEMU and a copy, and plans from
 * the pristine files, so a changed manifest never sees its own earlier edits.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseDocument } from 'yaml';
import { checkQemuManifest, QEMU_MANIFEST_FILE } from '../emit/qemu-c/manifest.ts';
import type { QemuManifest } from '../emit/qemu-c/manifest.ts';
import { DiagnosticSink } from '../diagnostics/diagnostic.ts';
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import { LineIndex } from '../source/line-index.ts';
import { pointSpan, spanFromRange } from '../source/span.ts';
import type { Span } from '../ir/ir.ts';
import { addMesonSources, replaceTraceEvents } from './qemu-tree-edits.ts';

/** What to install, from where, into what. */
export interface QemuInstallRequest {
  /** The devgen project (holds generated/ and defs/). */
  readonly projectRoot: string;
  /** The QEMU source tree written. */
  readonly qemuSrc: string;
  /** The tree whose files the edits start from (default: `qemuSrc` itself). */
  readonly base?: string;
  /** Device names (an empty list installs nothing); absent: every device with a manifest. */
  readonly devices?: readonly string[];
}

/** One file of the QEMU tree as the install leaves it. */
export interface PlannedFile {
  /** Path relative to the QEMU source root. */
  readonly path: string;
  /** Its whole content. */
  readonly content: Buffer;
  /** The devices whose manifests made it. */
  readonly devices: readonly string[];
}

/** A plan: the files to write, or the diagnostics that stop it (with the texts they point into). */
export interface QemuInstallPlan {
  readonly manifests: readonly QemuManifest[];
  readonly files: readonly PlannedFile[];
  readonly diagnostics: readonly Diagnostic[];
  readonly sources: ReadonlyMap<string, string>;
}

/** Device names that have a manifest under `projectRoot`/generated, sorted. */
export function devicesWithManifest(projectRoot: string): string[] {
  const gen = join(projectRoot, 'generated');
  if (!existsSync(gen)) return [];
  return readdirSync(gen, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(gen, d.name, 'qemu', QEMU_MANIFEST_FILE)))
    .map((d) => d.name)
    .sort();
}

/** Display path of a device's manifest, relative to the project root. */
export function manifestPath(device: string): string {
  return `generated/${device}/qemu/${QEMU_MANIFEST_FILE}`;
}

/** Locates JSON paths of one manifest text for diagnostics. */
class ManifestText {
  readonly #index: LineIndex;
  readonly #doc: ReturnType<typeof parseDocument>;

  constructor(readonly file: string, readonly text: string) {
    this.#index = new LineIndex(text);
    this.#doc = parseDocument(text, { keepSourceTokens: false });
  }

  /** Span of the value at `path` (the deepest part of it that exists), or of the whole file. */
  span(path: readonly (string | number)[]): Span {
    for (let n = path.length; n >= 0; n--) {
      const node = n === 0 ? this.#doc.contents : this.#doc.getIn(path.slice(0, n), true);
      const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
      if (range !== undefined) return spanFromRange(this.file, this.#index, range[0], range[1]);
    }
    return pointSpan(this.file);
  }

  /** Span of a JSON syntax error reported at character `offset`. */
  at(offset: number): Span {
    return spanFromRange(this.file, this.#index, offset, offset + 1);
  }
}

/** The JSON path a problem of checkQemuManifest starts with ("files[0].from", "'meson.add'"). */
function problemPath(problem: string): (string | number)[] {
  const m = /^'?([A-Za-z]+(?:\[\d+\])?(?:\.[A-Za-z]+)?)'?/.exec(problem);
  if (m === null) return [];
  return m[1]!.split(/[.[\]]/).filter((p) => p !== '').map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

/** Reads and checks one manifest; undefined (with diagnostics) when it cannot be used. */
function loadManifest(projectRoot: string, device: string, sink: DiagnosticSink, sources: Map<string, string>): { manifest: QemuManifest; text: ManifestText } | undefined {
  const file = manifestPath(device);
  const text = readFileSync(join(projectRoot, file), 'utf8');
  sources.set(file, text);
  const where = new ManifestText(file, text);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const m = /position (\d+)/.exec((e as Error).message);
    sink.report('qemu-manifest-invalid', m ? where.at(Number(m[1])) : pointSpan(file), { detail: `not JSON (${(e as Error).message})` });
    return undefined;
  }
  const problems = checkQemuManifest(value);
  for (const p of problems) sink.report('qemu-manifest-invalid', where.span(problemPath(p)), { detail: p });
  if (problems.length > 0) return undefined;
  const manifest = value as QemuManifest;
  if (manifest.device !== device) {
    sink.report('qemu-manifest-invalid', where.span(['device']), { detail: `'device' is '${manifest.device}' but the manifest is in generated/${device}/` });
    return undefined;
  }
  return { manifest, text: where };
}

/** Builds the install plan; see the module comment. */
export function planQemuInstall(req: QemuInstallRequest): QemuInstallPlan {
  const base = req.base ?? req.qemuSrc;
  const sink = new DiagnosticSink();
  const sources = new Map<string, string>();
  const files = new Map<string, { content: Buffer; devices: string[]; copiedBy?: string }>();
  const manifests: QemuManifest[] = [];
  const devices = req.devices !== undefined ? [...req.devices] : devicesWithManifest(req.projectRoot);

  /** Current planned text of a QEMU file, else the base tree's; undefined when missing. */
  const current = (path: string): Buffer | undefined => {
    const planned = files.get(path);
    if (planned !== undefined) return planned.content;
    const full = join(base, path);
    return existsSync(full) && statSync(full).isFile() ? readFileSync(full) : undefined;
  };
  const put = (path: string, content: Buffer, device: string): void => {
    const entry = files.get(path);
    if (entry === undefined) files.set(path, { content, devices: [device] });
    else {
      entry.content = content;
      if (!entry.devices.includes(device)) entry.devices.push(device);
    }
  };
  const missingTarget = (span: Span, what: string, file: string): void =>
    sink.report('qemu-install-target-missing', span, { what, file: `'${file}'`, tree: base });

  for (const device of devices) {
    const loaded = loadManifest(req.projectRoot, device, sink, sources);
    if (loaded === undefined) continue;
    const { manifest, text } = loaded;
    manifests.push(manifest);
    manifest.files.forEach((f, i) => {
      const from = join(req.projectRoot, f.from);
      if (!existsSync(from) || !statSync(from).isFile()) {
        const hint = f.from.startsWith('generated/') ? ' (run `devgen generate`)' : '';
        sink.report('qemu-install-source-missing', text.span(['files', i, 'from']), { file: `'${f.from}'`, hint });
        return;
      }
      const folder = dirname(f.to);
      if (folder !== '.' && !existsSync(join(base, folder))) {
        missingTarget(text.span(['files', i, 'to']), 'folder', folder);
        return;
      }
      const other = files.get(f.to)?.copiedBy;
      if (other !== undefined && other !== device) {
        sink.report('qemu-install-conflict', text.span(['files', i, 'to']), { file: `'${f.to}'`, device, other });
        return;
      }
      put(f.to, readFileSync(from), device);
      files.get(f.to)!.copiedBy = device;
    });
    if (manifest.meson !== undefined) {
      const m = manifest.meson;
      const old = current(m.file);
      if (old === undefined) missingTarget(text.span(['meson', 'file']), 'file', m.file);
      else {
        const edit = addMesonSources(old.toString('utf8'), m.after, m.add);
        if (edit.ok) put(m.file, Buffer.from(edit.text, 'utf8'), device);
        else sink.report('qemu-meson-entry-missing', text.span(['meson', 'after']), { file: `'${m.file}'`, after: `'${m.after}'`, add: m.add.map((a) => `'${a}'`).join(', ') });
      }
    }
    if (manifest.traceEvents !== undefined) {
      const t = manifest.traceEvents;
      const old = current(t.file);
      const fragPath = join(req.projectRoot, t.from);
      if (old === undefined) missingTarget(text.span(['traceEvents', 'file']), 'file', t.file);
      else if (!existsSync(fragPath)) {
        sink.report('qemu-install-source-missing', text.span(['traceEvents', 'from']), { file: `'${t.from}'`, hint: ' (run `devgen generate`)' });
      } else {
        const next = replaceTraceEvents(old.toString('utf8'), t.replacePrefix, readFileSync(fragPath, 'utf8'));
        put(t.file, Buffer.from(next, 'utf8'), device);
      }
    }
  }
  const planned = [...files].map(([path, f]) => ({ path, content: f.content, devices: f.devices })).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { manifests, files: sink.hadError ? [] : planned, diagnostics: sink.toArray(), sources };
}

/** What writing a plan did. */
export interface QemuInstallResult {
  /** Files whose content changed (or that were new). */
  readonly written: readonly string[];
  /** Files that already had the planned content. */
  readonly unchanged: readonly string[];
}

/**
 * Writes the planned files into `qemuSrc`, each only when its content differs (a rename of a
 * complete temporary file, so a reader never sees half a file).
 */
export function writeQemuInstall(plan: QemuInstallPlan, qemuSrc: string): QemuInstallResult {
  const written: string[] = [];
  const unchanged: string[] = [];
  for (const f of plan.files) {
    const full = join(qemuSrc, f.path);
    if (existsSync(full) && readFileSync(full).equals(f.content)) {
      unchanged.push(f.path);
      continue;
    }
    mkdirSync(dirname(full), { recursive: true });
    const tmp = `${full}.devgen-tmp`;
    writeFileSync(tmp, f.content);
    renameSync(tmp, full);
    written.push(f.path);
  }
  return { written, unchanged };
}
