#!/usr/bin/env node
// The devgen command: runs the compiled CLI from dist/ (built by scripts/build.mjs; `npm ci`
// and `npm pack` build it). No TypeScript loader starts here: the commands that run a project's
// own TypeScript (behaviour, boards, decorator classes) register one when they load it.
const main = new URL('../dist/cli/main.js', import.meta.url);
try {
  await import(main.href);
} catch (e) {
  if (e?.code !== 'ERR_MODULE_NOT_FOUND' || !String(e.message).includes(main.pathname)) throw e;
  process.stderr.write('devgen: the compiled CLI (dist/) is missing: run `npm run build` in the devgen package\n');
  process.exitCode = 1;
}
