/**
 * The Handlebars environment of the scaffolds (`devgen init`, `devgen new`): one isolated
 * instance, templates compiled with `noEscape` and `strict` (a missing view key is a bug), no
 * helpers. Templates live in generator/src/scaffold/templates/ and carry shape only; the
 * scaffold modules compute every name and value they show.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';

const TEMPLATE_DIR = fileURLToPath(new URL('./templates/', import.meta.url));

const hbs = Handlebars.create();
const cache = new Map<string, HandlebarsTemplateDelegate>();

/** Renders generator/src/scaffold/templates/<name> with `view`; the text ends with one newline. */
export function renderScaffold(name: string, view: object): string {
  let template = cache.get(name);
  if (template === undefined) {
    template = hbs.compile(readFileSync(TEMPLATE_DIR + name, 'utf8'), { noEscape: true, strict: true, knownHelpersOnly: true });
    cache.set(name, template);
  }
  return `${template(view).replace(/[ \t]+$/gm, '').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}
