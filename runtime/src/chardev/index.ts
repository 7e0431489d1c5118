/** Character back ends (file, null, stdio, memory) and the flow-controlled device front end. */
export {
  ChardevSpecError,
  createFileChardev,
  createMemoryChardev,
  createNullChardev,
  createStdioChardev,
  openChardev,
  parseChardevSpec,
} from './chardev.ts';
export type { Chardev, ChardevInputSink, ChardevSpec, MemoryChardev } from './chardev.ts';
export { createCharFrontend } from './char-frontend.ts';
export type { CharFrontend, CharReceiver } from './char-frontend.ts';
