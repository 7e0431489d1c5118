import { loadYamlDevice } from './generator/src/frontends/yaml/index.ts';
for (const t of ['['.repeat(100000), 'a:\n' + '  '.repeat(1) + '- '.repeat(20000) + 'x\n', '- '.repeat(5000)+'x', '{a: '.repeat(20000)]) {
  try { const r = loadYamlDevice('x.yaml', t); console.log(r.diagnostics.length, r.diagnostics[0]?.id, r.diagnostics[0]?.message.slice(0,80)); } catch (e) { console.log('THREW', String(e).slice(0,200)); }
}
