/**
 * `devgen init [DIR]`: a new project — package.json depending on devgen, a tsconfig that
 * type-checks the behaviour and the generated code against the installed `devgen/runtime`, an
 * empty defs/ (with defs/machines/), devgen.config.yaml with the defaults commented, a README
 * and a test running `devgen generate --check` and `devgen lint`.
 *
 * A folder that holds only what installing devgen leaves (package.json, its lock file,
 * node_modules) or a fresh repository (.git) counts as empty. Files are never overwritten: an
 * existing package.json gets only the keys it lacks, and with `--force` every other file that
 * exists is kept as it is.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { CONFIG_FILE, DEFAULT_VMSTATE_BASELINE } from '../config/config.ts';
import { renderScaffold } from './render.ts';
import type { ScaffoldFile } from './scaffold-files.ts';

/** Entries a folder may hold and still count as empty for `init`. */
const INIT_IGNORED = new Set(['.git', 'node_modules', 'package.json', 'package-lock.json', 'npm-shrinkwrap.json']);

/** Tools the project's scripts run, taken at the versions devgen itself is checked with. */
const PROJECT_TOOLS = ['typescript', '@types/node'] as const;

/** What init needs to know about the running devgen. */
export interface InitOptions {
  /** The project folder (absolute). */
  readonly dir: string;
  /** devgen's version: the project depends on `^VERSION`. */
  readonly devgenVersion: string;
  /** devgen's development dependencies (the versions of {@link PROJECT_TOOLS}). */
  readonly devgenDevDependencies: Readonly<Record<string, string>>;
}

/** What init writes: new files, and the keys it adds to an existing package.json. */
export interface InitPlan {
  readonly files: readonly ScaffoldFile[];
  /** The new package.json text when one exists and lacked keys; undefined otherwise. */
  readonly packageJsonUpdate: { readonly content: string; readonly added: readonly string[] } | undefined;
}

/** Entries of `dir` that make it a non-empty folder for init (sorted); [] when it is missing. */
export function initBlockers(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((e) => !INIT_IGNORED.has(e)).sort();
}

/** An npm package name from a folder name: lower-case, words joined by '-'. */
export function packageNameOf(dir: string): string {
  const name = basename(dir).toLowerCase().replace(/[^a-z0-9._~-]+/g, '-').replace(/^[._-]+|[-]+$/g, '');
  return name === '' ? 'devices' : name;
}

/** The package.json a new project gets. */
function packageJson(opts: InitOptions): Record<string, unknown> {
  const tools: Record<string, string> = {};
  for (const t of PROJECT_TOOLS) {
    const v = opts.devgenDevDependencies[t];
    if (v !== undefined) tools[t] = v;
  }
  return {
    name: packageNameOf(opts.dir),
    version: '0.1.0',
    private: true,
    type: 'module',
    scripts: { generate: 'devgen generate', lint: 'devgen lint', typecheck: 'tsc --noEmit', test: 'node --test' },
    dependencies: { devgen: `^${opts.devgenVersion}` },
    devDependencies: tools,
  };
}

/**
 * Adds to `existing` what a project needs and it lacks (top-level keys, scripts, dependencies),
 * never changing a value it has; returns the names of what was added.
 */
function mergePackageJson(existing: Record<string, unknown>, wanted: Record<string, unknown>): string[] {
  const added: string[] = [];
  for (const [key, value] of Object.entries(wanted)) {
    // Who the package is (and whether it is published) stays the author's.
    if (key === 'name' || key === 'version' || key === 'private') continue;
    const have = existing[key];
    if (have === undefined) {
      existing[key] = value;
      added.push(key);
    } else if (typeof value === 'object' && value !== null && typeof have === 'object' && have !== null && !Array.isArray(have)) {
      const inner = have as Record<string, unknown>;
      // A dependency is present when either dependency list names it (npm install puts devgen in dependencies).
      const elsewhere = key === 'dependencies' ? existing.devDependencies : key === 'devDependencies' ? existing.dependencies : undefined;
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        if (inner[k] !== undefined || (typeof elsewhere === 'object' && elsewhere !== null && k in elsewhere)) continue;
        inner[k] = v;
        added.push(`${key}.${k}`);
      }
    }
  }
  return added;
}

/** The tsconfig of a project: behaviour and generated code, checked against devgen/runtime. */
function tsconfig(): Record<string, unknown> {
  return {
    compilerOptions: {
      target: 'ES2022',
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      strict: true,
      noEmit: true,
      allowImportingTsExtensions: true,
      verbatimModuleSyntax: true,
      isolatedModules: true,
      skipLibCheck: true,
      noFallthroughCasesInSwitch: true,
      types: ['node'],
      lib: ['ES2023'],
    },
    include: ['defs', 'generated'],
  };
}

const json = (v: unknown): string => `${JSON.stringify(v, null, 2)}\n`;

/** What `devgen init` writes into `opts.dir`. */
export function initPlan(opts: InitOptions): InitPlan {
  const name = packageNameOf(opts.dir);
  const pkg = packageJson(opts);
  const files: ScaffoldFile[] = [
    { path: 'tsconfig.json', content: json(tsconfig()) },
    { path: CONFIG_FILE, content: renderScaffold('init/devgen.config.yaml.hbs', { baseline: DEFAULT_VMSTATE_BASELINE }) },
    { path: 'README.md', content: renderScaffold('init/README.md.hbs', { name }) },
    { path: '.gitignore', content: renderScaffold('init/gitignore.hbs', {}) },
    // Keeps defs/ and defs/machines/ in version control while they hold nothing else.
    { path: 'defs/machines/.gitkeep', content: '' },
    { path: 'test/project.test.js', content: renderScaffold('init/project.test.js.hbs', {}) },
  ];
  const pkgPath = join(opts.dir, 'package.json');
  if (!existsSync(pkgPath)) return { files: [{ path: 'package.json', content: json(pkg) }, ...files], packageJsonUpdate: undefined };
  let existing: Record<string, unknown>;
  try {
    existing = JSON.parse(readFileSync(pkgPath, 'utf8')) as Record<string, unknown>;
  } catch (e) {
    throw new InitPackageJsonError(pkgPath, (e as Error).message);
  }
  if (typeof existing !== 'object' || existing === null || Array.isArray(existing)) throw new InitPackageJsonError(pkgPath, 'it is not a JSON object');
  const added = mergePackageJson(existing, pkg);
  return { files, packageJsonUpdate: added.length === 0 ? undefined : { content: json(existing), added } };
}

/** An existing package.json init cannot read. */
export class InitPackageJsonError extends Error {
  override readonly name = 'InitPackageJsonError';
  constructor(readonly file: string, detail: string) {
    super(`${file} is not valid JSON (${detail}); init adds to it, so fix it first`);
  }
}
