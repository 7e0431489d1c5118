/**
 * The generator pipeline: discover defs/**\/*.device.{yaml,ts} → load each through the staged
 * load (pipeline/load.ts: read, shape, lower, checks) → stop on any error → boards
 * (defs/**\/*.machine.yaml, checked against the devices) → run every emitter → plan writes →
 * write only what changed (or, for `--check`, report stale/missing/extra files with diffs and
 * write nothing). Nothing touches generated/ before every stage succeeded, and then the files
 * are written as one set (emit/write-set.ts): a failed or killed run never leaves a torn file.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic } from './diagnostics/diagnostic.ts';
import { hasErrors, sortDiagnostics } from './diagnostics/diagnostic.ts';
import { loadConfig, type OptionalEmitterName } from './config/config.ts';
import { createEmitContext, deviceEmitters, optionalEmitters, projectEmitters } from './emit/index.ts';
import { isLintRuleId } from './lint/rule.ts';
import type { OutputFile } from './emit/index.ts';
import { applyPlan, planWrites } from './emit/write.ts';
import type { FilePlan } from './emit/write.ts';
import { frontEndLimits, loadDefinition, type FrontEndLimits } from './pipeline/load.ts';
import { checkDeviceSet } from './sema/check-device-set.ts';
import type { DeviceIR } from './ir/ir.ts';
import { MACHINE_SUFFIX, runMachineStage } from './machine/machine-stage.ts';

/** Options of `generate`. */
export interface GenerateOptions {
  /** Project root (holds defs/ and generated/). */
  readonly root: string;
  /** Render in memory and compare; never write. */
  readonly check: boolean;
}

/** Outcome of `generate`. */
export interface GenerateResult {
  /** Every diagnostic of every stage, sorted by position. */
  readonly diagnostics: readonly Diagnostic[];
  /** Definition texts by display path (for code frames). */
  readonly sources: ReadonlyMap<string, string>;
  /** The write plan; empty when a stage failed. */
  readonly plan: readonly FilePlan[];
  /** Whether the run succeeded: no errors, no foreign files, and (with check) nothing out of date. */
  readonly ok: boolean;
}

/** Definition files (by default `*.device.yaml`, `*.device.ts`) under `root/defs`, relative posix paths, sorted. */
export function discoverDefs(root: string, suffixes: readonly string[] = ['.device.yaml', '.device.ts']): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    const abs = join(root, rel);
    if (!existsSync(abs)) return;
    for (const name of readdirSync(abs).sort()) {
      if (name === 'node_modules' || name.startsWith('.')) continue;
      const child = `${rel}/${name}`;
      const st = statSync(join(root, child));
      if (st.isDirectory()) walk(child);
      else if (suffixes.some((s) => name.endsWith(s))) out.push(child);
    }
  };
  walk('defs');
  return out;
}

/**
 * Loads and checks every definition; devices are returned only for error-free files. `qemuC`:
 * also check the C behaviour of devices with a `qemu:` section (the project selected qemu-c).
 */
export function loadDefinitions(root: string, files: readonly string[], qemuC = false, limits?: FrontEndLimits): {
  devices: DeviceIR[]; diagnostics: Diagnostic[]; sources: Map<string, string>;
} {
  const devices: DeviceIR[] = [];
  const diagnostics: Diagnostic[] = [];
  const sources = new Map<string, string>();
  for (const file of files) {
    const text = readFileSync(join(root, file), 'utf8');
    sources.set(file, text);
    // Decorator definitions (*.device.ts) go through the lowering cache: ts-morph starts only on a change.
    const result = loadDefinition(file, text, { root, qemuC, ...(limits === undefined ? {} : { limits }) });
    diagnostics.push(...result.diagnostics);
    if (result.device) devices.push(result.device);
    // A diagnostic in a C behaviour file gets its code frame too.
    for (const d of result.diagnostics) {
      if (sources.has(d.file) || !d.file.endsWith('.behavior.c')) continue;
      try {
        sources.set(d.file, readFileSync(join(root, d.file), 'utf8'));
      } catch {
        // Gone since the check read it: the message still names the position.
      }
    }
  }
  diagnostics.push(...checkDeviceSet(devices));
  return { devices, diagnostics, sources };
}

/**
 * Runs every emitter over the devices (sorted by name), plus the optional emitters the project
 * selected (`emitters:` of devgen.config.yaml); pure: nothing is written.
 */
export function emitAll(devices: readonly DeviceIR[], selected: readonly OptionalEmitterName[] = []): { files: OutputFile[]; diagnostics: Diagnostic[] } {
  const ctx = createEmitContext();
  const sorted = devices.slice().sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const files: OutputFile[] = [];
  const emitters = [...deviceEmitters, ...selected.map((name) => optionalEmitters[name]!)];
  for (const device of sorted) for (const e of emitters) files.push(...e.emit(device, ctx));
  for (const e of projectEmitters) files.push(...e.emit(sorted, ctx));
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, diagnostics: [...ctx.diagnostics] };
}

/**
 * The whole pipeline. Never throws for a mistake in a definition; a bad devgen.config.yaml is
 * the configuration's ConfigError; internal errors do throw.
 */
export function generate(options: GenerateOptions): GenerateResult {
  const { root } = options;
  const config = loadConfig(root, isLintRuleId);
  const limits = Object.keys(config.limits).length === 0 ? undefined : frontEndLimits(config.limits);
  const loaded = loadDefinitions(root, discoverDefs(root), config.emitters.includes('qemu-c'), limits);
  if (hasErrors(loaded.diagnostics)) {
    return { diagnostics: sortDiagnostics(loaded.diagnostics), sources: loaded.sources, plan: [], ok: false };
  }
  // Boards are checked against the devices, so they load only once every device did.
  const boards = runMachineStage(root, discoverDefs(root, [MACHINE_SUFFIX]), loaded.devices);
  const sources = new Map([...loaded.sources, ...boards.sources]);
  const emitted = emitAll(loaded.devices, config.emitters);
  const diagnostics = sortDiagnostics([...loaded.diagnostics, ...boards.diagnostics, ...emitted.diagnostics]);
  if (hasErrors(diagnostics)) return { diagnostics, sources, plan: [], ok: false };
  const plan = planWrites(root, [...emitted.files, ...boards.files]);
  const foreign = plan.some((p) => p.status === 'foreign');
  if (!options.check && !foreign) applyPlan(root, plan);
  const outOfDate = plan.some((p) => p.status !== 'unchanged');
  return { diagnostics, sources, plan, ok: !foreign && !(options.check && outOfDate) };
}
