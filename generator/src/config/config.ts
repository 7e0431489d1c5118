/**
 * The project configuration file, `devgen.config.yaml` at the project root (one name only, so
 * there is never a question which file wins). Today it configures `devgen lint`:
 *
 *   lint:
 *     rules:                       # per-rule severity overrides
 *       register-gap: off          # off | note | warning | error
 *       doc-missing-description: error
 *     vmstate-baseline: generated/vmstate-baseline.json   # optional; this is the default
 *
 *   emitters: [qemu-c]             # optional emitters run beside the TypeScript ones
 *
 *   limits:                        # the definition readers' guards (defaults admit definitions
 *     max-input-bytes: 16777216    # of tens of thousands of registers; raise them for more)
 *     max-nodes: 500000            # YAML values, aliases counted at every use
 *     max-depth: 64                # nesting of lists and mappings
 *
 * `qemu-c` writes QEMU C sources (generated/<dev>/qemu/) for every device whose definition has
 * a `qemu:` section; devices without one are left out, so the selection is per project here and
 * per device in the definition.
 *
 * Unknown keys, unknown rule ids and bad values are configuration errors (exit code 2 in the
 * CLI), reported with the file and line.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Node } from 'yaml';
import type { Severity } from '../diagnostics/codes.ts';

/** File name of the configuration, at the project root. */
export const CONFIG_FILE = 'devgen.config.yaml';

/** Default location of the committed vmstate baseline, relative to the root. */
export const DEFAULT_VMSTATE_BASELINE = 'generated/vmstate-baseline.json';

/** Emitters a project can add to the TypeScript ones (`emitters:`). */
export const OPTIONAL_EMITTERS = ['qemu-c'] as const;

/** Name of an optional emitter. */
export type OptionalEmitterName = (typeof OPTIONAL_EMITTERS)[number];

/** Severity a rule can be configured to. */
export type RuleSetting = Severity | 'off';

/** The lint part of the configuration. */
export interface LintConfig {
  /** Per-rule overrides; rules not listed keep their default severity. */
  readonly rules: ReadonlyMap<string, RuleSetting>;
  /** Baseline path relative to the root (undefined: the default, when it exists). */
  readonly vmstateBaseline: string | undefined;
}

/** Reader limits the project sets (`limits:`); unset ones keep the readers' defaults. */
export interface LimitsConfig {
  readonly maxInputBytes?: number;
  readonly maxNodes?: number;
  readonly maxDepth?: number;
}

/** `limits:` keys and the LimitsConfig member each sets. */
const LIMIT_KEYS: Readonly<Record<string, keyof LimitsConfig>> = { 'max-input-bytes': 'maxInputBytes', 'max-nodes': 'maxNodes', 'max-depth': 'maxDepth' };

/** The whole configuration. */
export interface DevgenConfig {
  /** Path of the file it was read from, or undefined for the defaults. */
  readonly file: string | undefined;
  readonly lint: LintConfig;
  /** Optional emitters the project selected, in file order, each once. */
  readonly emitters: readonly OptionalEmitterName[];
  readonly limits: LimitsConfig;
}

/** A mistake in the configuration file: the CLI prints it and exits with code 2. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

const SETTINGS: readonly RuleSetting[] = ['off', 'note', 'warning', 'error'];

/**
 * Loads `root/devgen.config.yaml` (or `file` when given). `isRule` tells valid rule ids apart;
 * a missing default file means defaults, a missing explicit file is an error.
 */
export function loadConfig(root: string, isRule: (id: string) => boolean, file?: string): DevgenConfig {
  const path = file ?? join(root, CONFIG_FILE);
  if (!existsSync(path)) {
    if (file !== undefined) throw new ConfigError(`configuration file ${file} does not exist`);
    return { file: undefined, lint: { rules: new Map(), vmstateBaseline: undefined }, emitters: [], limits: {} };
  }
  const text = readFileSync(path, 'utf8');
  // The YAML parser loads only when there is a file to read: commands that merely locate the
  // project (CONFIG_FILE) must not pay its start-up.
  const { LineCounter, parseDocument, isMap, isScalar, isSeq } = createRequire(import.meta.url)('yaml') as typeof import('yaml');
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  const where = (node: Node | null | undefined): string => {
    const at = node?.range ? lc.linePos(node.range[0]) : { line: 1, col: 1 };
    return `${path}:${at.line}:${at.col}`;
  };
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const at = lc.linePos(e.pos[0]);
    throw new ConfigError(`${path}:${at.line}:${at.col}: ${e.message.split('\n')[0]}`);
  }
  const rules = new Map<string, RuleSetting>();
  let vmstateBaseline: string | undefined;
  const emitters: OptionalEmitterName[] = [];
  const limits: { -readonly [K in keyof LimitsConfig]: LimitsConfig[K] } = {};
  const root_ = doc.contents;
  if (root_ === null || (isScalar(root_) && root_.value === null)) return { file: path, lint: { rules, vmstateBaseline }, emitters, limits };
  if (!isMap(root_)) throw new ConfigError(`${where(root_)}: the configuration must be a mapping`);
  for (const item of root_.items) {
    const key = isScalar(item.key) ? String(item.key.value) : '';
    if (key === 'emitters') {
      const v = item.value as Node | null;
      if (v === null || (isScalar(v) && v.value === null)) continue;
      if (!isSeq(v)) throw new ConfigError(`${where(v)}: 'emitters' must be a list of emitter names (${OPTIONAL_EMITTERS.join(', ')})`);
      for (const e of v.items as Node[]) {
        const name = isScalar(e) ? String(e.value) : '';
        if (!(OPTIONAL_EMITTERS as readonly string[]).includes(name)) throw new ConfigError(`${where(e)}: unknown emitter '${name}' (expected ${OPTIONAL_EMITTERS.join(', ')})`);
        if (!emitters.includes(name as OptionalEmitterName)) emitters.push(name as OptionalEmitterName);
      }
      continue;
    }
    if (key === 'limits') {
      const v = item.value as Node | null;
      if (v === null || (isScalar(v) && v.value === null)) continue;
      if (!isMap(v)) throw new ConfigError(`${where(v)}: 'limits' must map ${Object.keys(LIMIT_KEYS).join(', ')} to positive integers`);
      for (const li of v.items) {
        const lk = isScalar(li.key) ? String(li.key.value) : '';
        const member = LIMIT_KEYS[lk];
        if (member === undefined) throw new ConfigError(`${where(li.key as Node)}: unknown key 'limits.${lk}' (expected ${Object.keys(LIMIT_KEYS).join(', ')})`);
        const lv = li.value as Node | null;
        const n = isScalar(lv) ? lv.value : undefined;
        if (typeof n !== 'number' || !Number.isSafeInteger(n) || n <= 0) throw new ConfigError(`${where(lv ?? (li.key as Node))}: 'limits.${lk}' must be a positive integer`);
        limits[member] = n;
      }
      continue;
    }
    if (key !== 'lint') throw new ConfigError(`${where(item.key as Node)}: unknown key '${key}' (expected 'lint', 'emitters' or 'limits')`);
    const lint = item.value as Node | null;
    if (lint === null || (isScalar(lint) && lint.value === null)) continue;
    if (!isMap(lint)) throw new ConfigError(`${where(lint)}: 'lint' must be a mapping`);
    for (const li of lint.items) {
      const lk = isScalar(li.key) ? String(li.key.value) : '';
      const v = li.value as Node | null;
      if (lk === 'vmstate-baseline') {
        if (!isScalar(v) || typeof v.value !== 'string') throw new ConfigError(`${where(v ?? (li.key as Node))}: 'vmstate-baseline' must be a path`);
        vmstateBaseline = v.value;
      } else if (lk === 'rules') {
        if (v === null || (isScalar(v) && v.value === null)) continue;
        if (!isMap(v)) throw new ConfigError(`${where(v)}: 'lint.rules' must map rule ids to off, note, warning or error`);
        for (const ri of v.items) {
          const id = isScalar(ri.key) ? String(ri.key.value) : '';
          if (!isRule(id)) throw new ConfigError(`${where(ri.key as Node)}: unknown lint rule '${id}'`);
          const sv = ri.value as Node | null;
          // YAML 1.1 habits: `off` may arrive as false; accept it as the word it was.
          const raw = isScalar(sv) ? (sv.value === false ? 'off' : String(sv.value)) : '';
          if (!SETTINGS.includes(raw as RuleSetting)) throw new ConfigError(`${where(sv ?? (ri.key as Node))}: rule '${id}' must be off, note, warning or error, not '${raw}'`);
          rules.set(id, raw as RuleSetting);
        }
      } else {
        throw new ConfigError(`${where(li.key as Node)}: unknown key 'lint.${lk}' (expected 'rules' or 'vmstate-baseline')`);
      }
    }
  }
  return { file: path, lint: { rules, vmstateBaseline }, emitters, limits };
}
