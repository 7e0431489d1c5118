/**
 * The static HTML site of `devgen docs`: one page per device (register map, a bitfield picture
 * and a field table per register, IRQ/GPIO lines, properties, the VMState layout) and an index
 * with a search over every device's registers and fields. Pages are self-contained (inline
 * style, SVG and a few lines of script), so they open from the disk with no server.
 */
import { bannerText } from '../emit/emitter.ts';
import { renderTemplate } from '../emit/render.ts';
import type { DeviceIR } from '../ir/ir.ts';
import { devicePageView, indexView } from './site.view.ts';

/** One file of the site. */
export interface SiteFile {
  readonly path: string;
  readonly content: string;
}

/** The site's files for `devices` (sorted by name): `index.html` first, then one page each. */
export function buildSite(devices: readonly DeviceIR[]): SiteFile[] {
  const sorted = devices.slice().sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const style = renderTemplate('docs-site.style.css.hbs', {});
  const pages = sorted.map((d) => devicePageView(d));
  const files: SiteFile[] = [{
    path: 'index.html',
    content: renderTemplate('docs-site.index.html.hbs', {
      banner: bannerText('docs-site', 'defs/'), style, script: renderTemplate('docs-site.index.js.hbs', {}), ...indexView(pages, sorted),
    }),
  }];
  const script = renderTemplate('docs-site.page.js.hbs', {});
  pages.forEach((p, i) => {
    files.push({ path: p.file, content: renderTemplate('docs-site.page.html.hbs', { banner: bannerText('docs-site', sorted[i]!.defFile), style, script, ...p }) });
  });
  return files;
}
