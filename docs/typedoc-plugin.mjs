// @ts-check
/**
 * TypeDoc plugin for this site.
 *
 * - Names the two entry-point modules by their import specifiers, `autoencoders` and
 *   `autoencoders/pca` (TypeDoc would call them `index` and `pca`, after their files).
 * - Titles each guide after its first `# heading`, up to a colon (TypeDoc would use the file
 *   name; the guides carry no front matter because the formatter, Biome, does not keep it).
 * - Rewrites `site:PATH` links (in the guides and `navigationLinks`) to a path relative to the
 *   page, so pages outside TypeDoc's own output (the live demo) can be linked from any depth.
 *   TypeDoc would otherwise copy a linked `.html` file into `media/`.
 */
import { Converter, PageEvent, ReflectionKind } from 'typedoc';

/** @type {Record<string, string>} */
const moduleNames = { index: 'autoencoders', pca: 'autoencoders/pca' };

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    for (const child of context.project.children ?? []) {
      const name = moduleNames[child.name];
      if (name && child.kindOf(ReflectionKind.Module)) child.name = name;
    }
  });
  app.converter.on(Converter.EVENT_CREATE_DOCUMENT, (_context, document) => {
    const text = document.content.map((part) => part.text).join('');
    // "# Examples: the notebook, section by section" is titled "Examples" in the sidebar.
    const heading = /^#[ \t]+([^:\n]+?)[ \t]*(?::.*)?$/m.exec(text)?.[1];
    if (heading) document.name = heading;
  });
  app.renderer.on(PageEvent.END, (page) => {
    if (!page.contents) return;
    const depth = page.url.split('/').length - 1;
    const root = depth === 0 ? './' : '../'.repeat(depth);
    page.contents = page.contents.replaceAll('href="site:', `href="${root}`);
  });
}
