/**
 * QMP (QEMU's machine protocol) for `devgen qtest --qmp unix:PATH`: the protocol session, the
 * commands devgen serves for a board (migrate to a file, query-migrate, query-status,
 * stop/cont, quit), the Unix-socket server, and `--incoming file:PATH` loading.
 */
export { QmpSession, QMP_GREETING, qmpError, qmpEventLine } from './qmp-session.ts';
export type { QmpCommand, QmpCommandOutcome, QmpErrorReply, QmpSend } from './qmp-session.ts';
export { createMachineQmpCommands, migrationMachineType } from './qmp-machine-commands.ts';
export type { MachineQmpOptions, QmpMachine, QmpRunState } from './qmp-machine-commands.ts';
export { parseQmpSpec, startQmpServer, QmpSpecError } from './qmp-server.ts';
export type { QmpEndpoint, QmpServer } from './qmp-server.ts';
export { loadIncoming } from './incoming.ts';
