// Preloaded into a timed command (`node --import`): prints its peak resident memory on exit.
process.on('exit', () => process.stderr.write(`\ndevgen-bench-maxrss-kb ${process.resourceUsage().maxRSS}\n`));
