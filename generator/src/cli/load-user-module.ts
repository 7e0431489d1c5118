/**
 * The CLI's way to load a project's own modules is the API's (api/user-module.ts): the same
 * loader serves `devgen qtest` and `qtestSession`, so it is defined once, there.
 */
export { ensureTypeScriptLoader, importUserModule } from '../api/user-module.ts';
