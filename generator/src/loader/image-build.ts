/**
 * Making a start-up image (startup-image.ts): esbuild bundles an entry source — a few
 * re-exports — with everything it reaches into one CommonJS script, and every file it read is
 * recorded with its stamp (source-manifest.ts) so a later start knows whether the image still
 * holds what the sources say. TypeScript and JavaScript keep naming their own files in
 * `import.meta`, as they do when run as modules. Whatever esbuild cannot put in one script (a
 * top-level await, a module it cannot resolve the way Node would) means no image: the caller
 * runs the program as modules instead.
 */
import { extname, isAbsolute, relative, resolve } from 'node:path';
import { writeAtomic } from './atomic-write.ts';
import { keepSourceLocation } from './compiled-import.ts';
import { IMAGE_FORMAT, fileIdentity, imageFiles, removeStaleCodeCaches, type ImageManifest } from './startup-image.ts';
import { readStamped, sha256, stampSource, type SourceStamp } from './source-manifest.ts';

/** esbuild loaders by extension for the files an image bundles (others are left to esbuild). */
const LOADERS: Readonly<Record<string, 'ts' | 'js' | 'json'>> = { '.ts': 'ts', '.mts': 'ts', '.cts': 'ts', '.js': 'js', '.mjs': 'js', '.cjs': 'js', '.json': 'json' };

/** How a recorded path is kept: relative inside the project, absolute outside it. */
function recordedPath(root: string, abs: string): string {
  const rel = relative(root, abs);
  return rel.startsWith('..') || isAbsolute(rel) ? abs : rel;
}

/**
 * Bundles `entrySource` (resolved from `root`) into image `name` of the project at `root` and
 * writes it with its manifest; false when it cannot be made into one script.
 */
export async function buildImage(root: string, name: string, entrySource: string): Promise<boolean> {
  const esbuild = await import('esbuild');
  const takenAtMs = Date.now();
  const stamps = new Map<string, SourceStamp>();
  // The entry is text, not a file: esbuild lists it among the inputs under this name.
  const entryName = `<${name} image entry>`;
  let result: Awaited<ReturnType<typeof esbuild.build>>;
  try {
    result = await esbuild.build({
      stdin: { contents: entrySource, resolveDir: root, sourcefile: entryName, loader: 'ts' },
      absWorkingDir: root,
      bundle: true,
      write: false,
      metafile: true,
      format: 'cjs',
      platform: 'node',
      target: `node${process.versions.node}`,
      logLevel: 'silent',
      plugins: [{
        name: 'stamp-sources',
        setup(b) {
          b.onLoad({ filter: /\.[cm]?[jt]s$|\.json$/ }, (args) => {
            const loader = LOADERS[extname(args.path)];
            if (loader === undefined || args.namespace !== 'file') return undefined;
            const { content, stamp } = readStamped(args.path);
            stamps.set(args.path, stamp);
            const text = content.toString('utf8');
            return { contents: loader === 'json' ? text : keepSourceLocation(text, args.path), loader };
          });
        },
      }],
    });
  } catch {
    return false;
  }
  const script = result.outputFiles?.[0]?.text;
  if (script === undefined || result.metafile === undefined) return false;
  const sources: Record<string, SourceStamp> = {};
  for (const input of Object.keys(result.metafile.inputs)) {
    if (input === entryName || input.includes(':')) continue;
    const abs = resolve(root, input);
    const stamp = stamps.get(abs) ?? stampSource(root, abs);
    if (stamp === undefined) return false;
    sources[recordedPath(root, abs)] = stamp;
  }
  const files = imageFiles(root, name);
  const scriptHash = sha256(script);
  writeAtomic(files.script, script);
  const manifest: ImageManifest = { format: IMAGE_FORMAT, entry: entrySource, script: scriptHash, scriptFile: fileIdentity(files.script), record: { sources, takenAtMs } };
  writeAtomic(files.manifest, JSON.stringify(manifest));
  removeStaleCodeCaches(root, name, scriptHash);
  return true;
}
