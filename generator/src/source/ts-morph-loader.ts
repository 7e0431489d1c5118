/**
 * ts-morph, loaded on first use only: reading a decorator definition or editing one (lint
 * --fix) needs it, every other command must not pay its start-up.
 */
import { createRequire } from 'node:module';

/** The ts-morph module. */
export type TsMorph = typeof import('ts-morph');

let tsMorph: TsMorph | undefined;

/** ts-morph, required on first call. */
export function loadTsMorph(): TsMorph {
  tsMorph ??= createRequire(import.meta.url)('ts-morph') as TsMorph;
  return tsMorph;
}
