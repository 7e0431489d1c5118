#!/usr/bin/env node
// The devgen command: registers tsx's loader so the TypeScript sources run as they are,
// then hands over to the CLI. Kept in JS so `npx devgen` works without a build step.
import { register } from 'tsx/esm/api';
register();
await import('../generator/src/cli/main.ts');
