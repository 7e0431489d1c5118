/**
 * YAML definition → decorator class source (`*.device.ts`). Used to write the equivalence
 * fixtures and to move a device from one front end to the other; the output lowers to the
 * same IR (test/equivalence proves it for every shipped device). Numbers keep their source
 * spelling (`0x018` stays hex); YAML comments are not carried over.
 */
import { DiagnosticSink } from '../diagnostics/diagnostic.ts';
import type { DefinitionValue, ValuePath } from '../format-v1/definition-value.ts';
import { readYaml } from './yaml/read.ts';
import { toOptionKey } from './decorators/mapping.ts';

/** Options of yamlToDecorators. */
export interface ConvertOptions {
  /** Import path of the decorators API, as written in the output. */
  readonly apiImport: string;
  /** Name of the emitted class. */
  readonly className: string;
  /** `behavior:` to write into @Device (default: keep the YAML's). */
  readonly behavior?: string | null;
}

/** Top-level list keys → class decorator, in emission order. */
const CLASS_LISTS: readonly [string, string][] = [
  ['regions', 'Region'], ['properties', 'Property'], ['clocks', 'Clock'], ['gpios', 'Gpio'], ['trace', 'Trace'],
  ['structs', 'Struct'], ['blocks', 'Block'], ['buses', 'Bus'], ['variants', 'Variant'],
];
const CLASS_SINGLES: readonly [string, string][] = [['chardev', 'Chardev'], ['i2c', 'I2c'], ['vmstate', 'Vmstate'], ['qemu', 'Qemu']];

/** Member names a class cannot declare as static fields. */
const RESERVED_STATIC = new Set(['name', 'length', 'prototype', 'caller', 'arguments', 'constructor']);

/** Converts YAML text; undefined (with diagnostics) when the YAML cannot be read. */
export function yamlToDecorators(file: string, text: string, options: ConvertOptions): { source: string | undefined; sink: DiagnosticSink } {
  const sink = new DiagnosticSink();
  const read = readYaml(file, text, sink);
  if (read.value === undefined || sink.hadError) return { source: undefined, sink };
  return { source: emitClass(read, options), sink };
}

function emitClass(read: DefinitionValue, options: ConvertOptions): string {
  const v = read.value as Record<string, unknown>;
  const used = new Set<string>(['Device', 'type Decl']);
  const decorators: string[] = [];
  const members: string[] = [];
  const lit = (x: unknown, path: ValuePath, indent: number): string => literal(read, x, path, indent);

  const device = { ...(v.device as Record<string, unknown>) };
  if (options.behavior === null) delete device.behavior;
  else if (options.behavior !== undefined) device.behavior = options.behavior;
  decorators.push(`@Device(${lit(device, ['device'], 0)})`);
  for (const [key, deco] of CLASS_LISTS) {
    const list = v[key] as unknown[] | undefined;
    if (!list) continue;
    used.add(deco);
    list.forEach((item, i) => decorators.push(`@${deco}(${lit(item, [key, i], 0)})`));
  }
  for (const [key, deco] of CLASS_SINGLES) {
    if (v[key] === undefined) continue;
    used.add(deco);
    decorators.push(`@${deco}(${lit(v[key], [key], 0)})`);
  }
  const taken = new Set<string>();
  const member = (name: string): { member: string; override: boolean } => {
    let m = name;
    const override = RESERVED_STATIC.has(m) || taken.has(m) || !/^[A-Za-z_$][\w$]*$/.test(m);
    if (override) {
      m = `${name.replace(/[^\w$]/g, '_')}_`;
      while (taken.has(m)) m += '_';
    }
    taken.add(m);
    return { member: m, override };
  };
  ((v.registers as Record<string, unknown>[] | undefined) ?? []).forEach((r, i) => {
    used.add('Register');
    const { member: m, override } = member(String(r.name));
    const { name: _n, fields, ...rest } = r;
    const opts = override ? { name: r.name, ...rest } : rest;
    const lines = [`  @Register(${literal(read, opts, ['registers', i], 1)})`];
    ((fields as unknown[] | undefined) ?? []).forEach((f, j) => {
      used.add('Field');
      lines.push(`  @Field(${literal(read, f, ['registers', i, 'fields', j], 1)})`);
    });
    lines.push(`  static ${m}: Decl;`);
    members.push(lines.join('\n'));
  });
  ((v.state as Record<string, unknown>[] | undefined) ?? []).forEach((s, i) => {
    used.add('State');
    const { member: m, override } = member(String(s.name));
    const { name: _n, ...rest } = s;
    members.push(`  @State(${literal(read, override ? { name: s.name, ...rest } : rest, ['state', i], 1)})\n  static ${m}: Decl;`);
  });
  const names = [...used].sort((a, b) => a.replace('type ', '').localeCompare(b.replace('type ', '')));
  return [
    `import { ${names.join(', ')} } from '${options.apiImport}';`,
    '',
    ...decorators,
    `export class ${options.className} {`,
    members.join('\n\n'),
    '}',
    '',
  ].join('\n');
}

/** A literal for the value at `path`, numbers spelled as in the YAML source. */
function literal(read: DefinitionValue, x: unknown, path: ValuePath, indent: number): string {
  const pad = '  '.repeat(indent);
  if (typeof x === 'bigint') {
    const lit = read.literalAt(path);
    return lit && lit.style === 'plain' && /^-?(0x[0-9a-fA-F]+|[0-9]+)$/.test(lit.text) ? lit.text : x.toString();
  }
  if (typeof x === 'string') return `'${x.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (typeof x === 'number' || typeof x === 'boolean') return String(x);
  if (x === null || x === undefined) return 'undefined';
  if (Array.isArray(x)) {
    const parts = x.map((e, i) => literal(read, e, [...path, i], indent + 1));
    const one = `[${parts.join(', ')}]`;
    return one.length + pad.length < 100 && !one.includes('\n') ? one : `[\n${parts.map((p) => `${pad}  ${p},`).join('\n')}\n${pad}]`;
  }
  const inArgs = path[path.length - 1] === 'args';
  const parts = Object.entries(x as Record<string, unknown>).map(([k, e]) => {
    const key = inArgs ? k : toOptionKey(k);
    const shown = /^[A-Za-z_$][\w$]*$/.test(key) ? key : `'${key}'`;
    return `${shown}: ${literal(read, e, [...path, k], indent + 1)}`;
  });
  const one = `{ ${parts.join(', ')} }`;
  return one.length + pad.length < 100 && !one.includes('\n') ? one : `{\n${parts.map((p) => `${pad}  ${p},`).join('\n')}\n${pad}}`;
}
