#!/usr/bin/env node
// The devgen command: runs the compiled CLI from dist/ (built by scripts/build.mjs; `npm ci`
// and `npm pack` build it). No TypeScript loader starts here: the commands that run a project's
// own TypeScript (behaviour, boards, decorator classes) register one when they load it.
// `devgen qtest` first tries its fast start (a project's start-up image, without the CLI).
const dist = new URL('../dist/cli/', import.meta.url);
const main = new URL('main.js', dist);
try {
  const code = process.argv[2] === 'qtest' ? await (await import(new URL('qtest-fast.js', dist).href)).runQtestFast(process.argv) : undefined;
  if (code !== undefined) process.exitCode = code;
  else await import(main.href);
} catch (e) {
  if (e?.code !== 'ERR_MODULE_NOT_FOUND' || !String(e.message).includes(dist.pathname)) throw e;
  process.stderr.write('devgen: the compiled CLI (dist/) is missing: run `npm run build` in the devgen package\n');
  process.exitCode = 1;
}
