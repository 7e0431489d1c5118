/**
 * Text from outside reaches generated TypeScript only through the output layer
 * (emit/ts-literals.ts): a project whose definition folders, file names, `behavior:` path,
 * descriptions, trace formats, string defaults and a board's texts carry comment terminators, quotes, newlines,
 * U+2028/U+2029 and code generates files that parse, hold no injected token outside a comment
 * or string, and run nothing when imported (globalThis.__pwned stays undefined, nothing printed).
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ts } from 'ts-morph';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { commentText, docText, lineCommentText, moduleSpecifier, tsString } from '../../../../generator/src/emit/ts-literals.ts';
import { generate } from '../../../../generator/src/pipeline.ts';

const ROOT = join(import.meta.dirname, '../../../..');
const HOSTILE = `x*/ globalThis.__pwned=1; /* ' " \\ \u2028 y\u2029z \r\n// */ globalThis.__pwned=2; //`;

let tmp: string;
let result: ReturnType<typeof generate>;

function write(path: string, text: string): void {
  mkdirSync(dirname(join(tmp, path)), { recursive: true });
  writeFileSync(join(tmp, path), text);
}

/** A YAML scalar of `s` (double-quoted, every special character escaped). */
const yq = (s: string): string => JSON.stringify(s);

function yamlDevice(name: string, behavior?: string): string {
  return [
    'devgen: 1',
    'device:',
    `  name: ${name}`,
    '  parent: sys-bus-device',
    `  description: ${yq(HOSTILE)}`,
    ...(behavior === undefined ? [] : [`  behavior: ${yq(behavior)}`]),
    'regions:',
    `  - { name: mmio, size: 0x100, description: ${yq(HOSTILE)} }`,
    'properties:',
    `  - { name: chip-id, type: u32, default: 1, description: ${yq(HOSTILE)} }`,
    `  - { name: label, type: string, default: ${yq(HOSTILE)}, description: ${yq(HOSTILE)} }`,
    'trace:',
    `  - { name: ${name.replace(/-/g, '_')}_read, args: { addr: u32 }, format: ${yq(`addr %d ${HOSTILE}`)} }`,
    'state:',
    `  - { name: ctrl, type: u32, description: ${yq(HOSTILE)} }`,
    'registers:',
    `  - name: CTRL`,
    `    offset: 0`,
    `    access: RW`,
    `    storage: ctrl`,
    `    description: ${yq(HOSTILE)}`,
    `    fields:`,
    `      - { name: EN, bits: "0", access: RW, description: ${yq(HOSTILE)} }`,
    '',
  ].join('\n');
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((e) => (statSync(join(dir, e)).isDirectory() ? walk(join(dir, e)) : [join(dir, e)]));
}

/** Identifiers outside comments and string literals: what a file would actually run. */
function codeIdentifiers(text: string): Set<string> {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.Standard, text);
  const out = new Set<string>();
  for (let t = scanner.scan(); t !== ts.SyntaxKind.EndOfFileToken; t = scanner.scan()) {
    if (t === ts.SyntaxKind.Identifier) out.add(scanner.getTokenText());
  }
  return out;
}

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'devgen-hostile-'));
  mkdirSync(join(tmp, 'node_modules'), { recursive: true });
  symlinkSync(ROOT, join(tmp, 'node_modules/devgen'), 'dir');
  writeFileSync(join(tmp, 'package.json'), '{ "name": "hostile", "private": true, "type": "module" }\n');
  // A definition folder and file named to close the provenance comment and run code.
  write("defs/e*/ ;globalThis.process.stdout.write('PWNED\\n');globalThis.__pwned=3;/*x.device.yaml", yamlDevice('evil-path'));
  // A file name with a newline and a quote.
  write("defs/nl\nq'/nl.device.yaml", yamlDevice('evil-newline'));
  // A behaviour path that closes a comment.
  const behavior = 'x*/ globalThis.__pwned=1; /*.ts';
  write('defs/beh/beh.device.yaml', yamlDevice('evil-behavior', behavior));
  const behaviorFile = join(tmp, 'defs/beh', behavior);
  const qom = relative(dirname(behaviorFile), join(tmp, 'generated/evil-behavior/evil-behavior.qom.ts')).split('\\').join('/');
  write(relative(tmp, behaviorFile), `import { defineEvilBehavior } from ${JSON.stringify(qom)};\nexport const evilBehaviorClass = defineEvilBehavior({});\n`);
  // A decorator definition in a hostile folder, hostile text in every string option.
  write("defs/d*/ ;globalThis.__pwned=4;/*\u2028/evil-deco.device.ts", [
    "import { Device, Region, Property, State } from 'devgen/define';",
    `@Device({ name: 'evil-deco', parent: 'sys-bus-device', description: ${JSON.stringify(HOSTILE)} })`,
    `@Region({ name: 'mmio', size: 0x100, description: ${JSON.stringify(HOSTILE)} })`,
    `@Property({ name: 'label', type: 'string', default: ${JSON.stringify(HOSTILE)}, description: ${JSON.stringify(HOSTILE)} })`,
    'export class EvilDeco {}',
    '',
  ].join('\n'));
  // A board in a hostile folder, hostile text in its descriptions and names of data.
  write("defs/m*/ ;globalThis.__pwned=5;/*/\nboard.machine.yaml", [
    'devgen: 1',
    'machine:',
    '  name: hostile',
    `  description: ${yq(HOSTILE)}`,
    'ram:',
    `  - { name: ${yq(`ram ${HOSTILE}`)}, base: 0x40000000, size: 0x1000 }`,
    'devices:',
    '  - stand-in: some-cpu',
    `    description: ${yq(HOSTILE)}`,
    '    gpios:',
    '      - { inputs: 1 }',
    '  - device: evil-path',
    '    name: p0',
    `    description: ${yq(HOSTILE)}`,
    '    mmio: ["0x0900_0000"]',
    '',
  ].join('\n'));
  result = generate({ root: tmp, check: false });
});
afterAll(() => { if (!process.env.KEEP_TMP) rmSync(tmp, { recursive: true, force: true }); });

describe('hostile text from definitions', () => {
  it('generates the hostile project', () => {
    expect(result.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message)).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it('every generated TypeScript file parses and holds no injected token', () => {
    const files = walk(join(tmp, 'generated')).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(10);
    expect(files.map((f) => relative(tmp, f))).toContain('generated/machines/hostile.machine.ts');
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      const out = ts.transpileModule(text, { reportDiagnostics: true, fileName: f, compilerOptions: { target: ts.ScriptTarget.ES2022 } });
      expect(out.diagnostics?.map((d) => `${relative(tmp, f)}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`) ?? []).toEqual([]);
      const idents = codeIdentifiers(text);
      expect(idents.has('__pwned'), relative(tmp, f)).toBe(false);
      expect(idents.has('globalThis'), relative(tmp, f)).toBe(false);
      expect(/[\u2028\u2029]/.test(text), relative(tmp, f)).toBe(false);
    }
  });

  it('importing the generated files runs nothing injected', async () => {
    const write = vi.spyOn(process.stdout, 'write');
    const g = globalThis as { __pwned?: unknown };
    for (const f of walk(join(tmp, 'generated')).filter((x) => x.endsWith('.ts')).sort()) {
      await import(pathToFileURL(f).href);
    }
    expect(g.__pwned).toBeUndefined();
    expect(write.mock.calls.map((c) => String(c[0])).filter((s) => s.includes('PWNED'))).toEqual([]);
    write.mockRestore();
  });
});

describe('the TypeScript output layer', () => {
  it('keeps comment text inside its comment and on one line', () => {
    expect(commentText('a*/b\nc\rd\u2028e\u2029f\u0000')).toBe('a*\\/b\\nc\\rd\\u2028e\\u2029f\\x00');
    expect(lineCommentText('defs/**/*.yaml\n')).toBe('defs/**/*.yaml\\n');
    expect(docText('one\n  two\u2028three */')).toBe('one two three *\\/');
  });

  it('string literals evaluate back to the text', () => {
    for (const s of [HOSTILE, "'", '\\', '\u2028\u2029', '\u0001\u007f\u0085']) {
      const lit = tsString(s);
      expect(/[\n\r\u2028\u2029]/.test(lit)).toBe(false);
      expect(new Function(`return ${lit};`)()).toBe(s);
      expect(new Function(`return ${moduleSpecifier(s)};`)()).toBe(s);
    }
  });
});
