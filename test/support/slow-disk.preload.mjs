/**
 * Preloaded (`node --import`) into a `devgen` child by the kill tests: makes every file write
 * under a generated/ folder slow, as on a busy disk or for a large file — the first half of the
 * content, a pause of DEVGEN_TEST_WRITE_PAUSE_MS, then the rest — so a kill can land inside a
 * write and a file written in place would be left cut short.
 */
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';

const pauseMs = Number(process.env.DEVGEN_TEST_WRITE_PAUSE_MS ?? '10');
const original = fs.writeFileSync;

fs.writeFileSync = function slowWriteFileSync(path, data, options) {
  if (typeof path !== 'string' || !path.split(/[\\/]/).includes('generated') || typeof data !== 'string') {
    return original.call(this, path, data, options);
  }
  const flag = (typeof options === 'object' && options?.flag) || 'w';
  const half = Math.floor(data.length / 2);
  const fd = fs.openSync(path, flag);
  try {
    fs.writeSync(fd, data.slice(0, half));
    const until = Date.now() + pauseMs;
    while (Date.now() < until) {
      // Busy wait: the write is in progress, and a kill now finds the file half written.
    }
    fs.writeSync(fd, data.slice(half));
  } finally {
    fs.closeSync(fd);
  }
};
syncBuiltinESMExports();
