import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { inflateSync } from 'node:zlib';

/** One entry of TypeDoc's sidebar navigation (assets/navigation.js). */
export interface NavigationNode {
  readonly text: string;
  readonly path?: string;
  readonly kind?: number;
  readonly children?: readonly NavigationNode[];
}

/** TypeDoc's ReflectionKind values the test cares about. */
export const Kind = { Module: 2, Reference: 4194304 } as const;

/** The newest modification time (ms) of the files under `path`, skipping `skip` folders. */
function newest(path: string, skip: readonly string[]): number {
  if (!existsSync(path)) return 0;
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let latest = info.mtimeMs;
  for (const entry of readdirSync(path)) {
    const child = join(path, entry);
    if (skip.includes(child)) continue;
    latest = Math.max(latest, newest(child, skip));
  }
  return latest;
}

/**
 * Builds the site (TypeDoc, then the demo) unless docs/site is newer than every input: src/,
 * docs/ (the site itself excepted), typedoc.json and package.json.
 * @returns why it rebuilt, or undefined when the site was fresh.
 */
export function ensureSite(root: string, timeoutMs: number): string | undefined {
  const site = join(root, 'docs/site');
  const stamps = ['index.html', 'api.json', 'demo/demo.js', 'demo/digits.bin'].map((file) =>
    existsSync(join(site, file)) ? statSync(join(site, file)).mtimeMs : 0,
  );
  const built = Math.min(...stamps);
  const inputs = ['src', 'docs', 'typedoc.json', 'package.json', 'examples/README.md'].map((p) =>
    newest(join(root, p), [site]),
  );
  const changed = Math.max(...inputs);
  if (built > 0 && built >= changed) return undefined;
  const reason = built === 0 ? 'docs/site is missing' : 'docs/site is older than its sources';
  const run = (args: string[]) => {
    try {
      execFileSync(process.execPath, args, {
        cwd: root,
        timeout: timeoutMs,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    } catch (error) {
      const e = error as { stdout?: string; stderr?: string; message: string };
      throw new Error(
        `${relative(root, args[0]!)} failed: ${e.message}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`,
      );
    }
  };
  run([join(root, 'node_modules/typedoc/bin/typedoc')]);
  run([join(root, 'docs/build-demo.mjs')]);
  return reason;
}

/** Decodes TypeDoc's compressed sidebar data from docs/site/assets/navigation.js. */
export function readNavigation(site: string): NavigationNode[] {
  const script = readFileSync(join(site, 'assets/navigation.js'), 'utf8');
  const data = /"(?:data:application\/octet-stream;base64,)?([A-Za-z0-9+/=]+)"/.exec(script)?.[1];
  if (!data) throw new Error('assets/navigation.js holds no navigation data');
  return JSON.parse(inflateSync(Buffer.from(data, 'base64')).toString('utf8'));
}

/** The export names TypeDoc's JSON output lists for each entry point. */
export function readExports(site: string): Map<string, string[]> {
  const project = JSON.parse(readFileSync(join(site, 'api.json'), 'utf8')) as {
    children?: { name: string; kind: number; children?: { name: string }[] }[];
  };
  return new Map(
    (project.children ?? [])
      .filter((child) => child.kind === Kind.Module)
      .map((module) => [module.name, (module.children ?? []).map((c) => c.name)]),
  );
}

/** The `href` and `src` attribute values of an HTML page. */
export function linksOf(html: string): string[] {
  const found: string[] = [];
  for (const match of html.matchAll(/\s(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)')/gi)) {
    found.push((match[1] ?? match[2] ?? '').replaceAll('&amp;', '&'));
  }
  return found;
}
