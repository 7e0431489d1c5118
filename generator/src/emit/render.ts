/**
 * The Handlebars environment of the emitters: one isolated instance, templates compiled with
 * `noEscape` (HTML escaping would corrupt code), `strict` (a missing view-model key is a bug
 * and must throw, not render as empty) and only the helpers registered here.
 * Templates live in generator/src/templates/ and carry shape only; view models carry logic.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type Handlebars from 'handlebars';
import { moduleSpecifier, type ModuleSpecifier } from './ts-literals.ts';

const TEMPLATE_DIR = fileURLToPath(new URL('../templates/', import.meta.url));

/** An import line the view model computed (templates never spell imports by hand). */
export interface ImportView {
  readonly typeOnly: boolean;
  /** Comma-separated, sorted names. */
  readonly names: string;
  /** The module's string literal (emit/ts-literals.ts `moduleSpecifier`). */
  readonly from: ModuleSpecifier;
}

/** An object literal of generated code: its JSDoc and its `key: value` lines (without trailing commas). */
export interface ObjectLiteralView {
  readonly doc: string;
  readonly props: readonly string[];
}

/** What every generated TypeScript file's view starts with: its banner and its imports. */
export interface FileView {
  readonly banner: string;
  readonly imports: readonly ImportView[];
}

// Helpers known to every template. `knownHelpersOnly` makes any other helper a compile error.
const KNOWN_HELPERS = { join: true } as const;

let hbs: typeof Handlebars | undefined;

/**
 * The environment, with its helpers and partials, made on first render: handlebars loads only
 * when something is emitted (lint and the runtime commands never pay for it).
 */
function environment(): typeof Handlebars {
  if (hbs !== undefined) return hbs;
  const env = (createRequire(import.meta.url)('handlebars') as typeof Handlebars).create();
  env.registerHelper('join', (list: unknown, sep: unknown) =>
    Array.isArray(list) ? list.join(typeof sep === 'string' ? sep : ', ') : '');
  const dir = `${TEMPLATE_DIR}partials/`;
  for (const file of readdirSync(dir).sort()) {
    if (file.endsWith('.hbs')) env.registerPartial(file.slice(0, -4), readFileSync(dir + file, 'utf8'));
  }
  hbs = env;
  return env;
}

const cache = new Map<string, HandlebarsTemplateDelegate>();

/** Renders generator/src/templates/<name> with a view model. */
export function renderTemplate(name: string, view: object): string {
  const hbs = environment();
  let template = cache.get(name);
  if (template === undefined) {
    template = hbs.compile(readFileSync(TEMPLATE_DIR + name, 'utf8'), {
      noEscape: true, strict: true, knownHelpers: KNOWN_HELPERS, knownHelpersOnly: true,
    });
    cache.set(name, template);
  }
  return normalize(template(view));
}

/** Collapses runs of blank lines and ends with exactly one newline, so output is stable. */
function normalize(text: string): string {
  return `${text.replace(/[ \t]+$/gm, '').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

/** Builds import views from `module → names`, type-only and value imports kept apart. */
export function importViews(entries: readonly { from: string; names: readonly string[]; typeOnly: boolean }[]): ImportView[] {
  return entries
    .filter((e) => e.names.length > 0)
    .map((e) => ({ typeOnly: e.typeOnly, from: moduleSpecifier(e.from), names: [...new Set(e.names)].sort().join(', ') }));
}
