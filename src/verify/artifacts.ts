/** Resolving the `artifacts` input: paths and globs, never outside the workspace. */
import { glob, realpath, stat } from 'node:fs/promises';
import { isAbsolute, normalize, relative, resolve, sep } from 'node:path';
import { errorMessage } from '../core/errors.js';

export interface ResolvedFile {
  /** Absolute, symlinks resolved. */
  readonly path: string;
  /** Workspace-relative with `/` separators: how results name it. */
  readonly name: string;
  readonly size: number;
}

export interface Resolution {
  readonly pattern: string;
  readonly files: readonly ResolvedFile[];
  /** Set when the pattern itself is refused or matches nothing. */
  readonly error?: string;
}

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/** Refuses a pattern that climbs out of the workspace (`..`, an absolute path elsewhere). */
export function escapesWorkspace(workspace: string, pattern: string): boolean {
  const absolute = isAbsolute(pattern) ? normalize(pattern) : resolve(workspace, pattern);
  if (!inside(resolve(workspace), absolute)) return true;
  return normalize(pattern).split(/[\\/]/).includes('..');
}

/** Checks that a path, symlinks resolved, is inside the workspace; returns the real path. */
export async function realPathInside(workspace: string, path: string): Promise<string> {
  const [root, real] = await Promise.all([realpath(workspace), realpath(path)]);
  if (!inside(root, real)) throw new Error(`it resolves to ${real}, outside the workspace (a symlink?)`);
  return real;
}

export async function resolvePattern(workspace: string, pattern: string): Promise<Resolution> {
  if (escapesWorkspace(workspace, pattern)) {
    return { pattern, files: [], error: `'${pattern}' escapes the workspace ${workspace}` };
  }
  const root = await realpath(workspace);
  const files: ResolvedFile[] = [];
  const refused: string[] = [];
  const rel = isAbsolute(pattern) ? relative(workspace, pattern) : pattern;
  try {
    for await (const match of glob(rel.split(sep).join('/'), { cwd: workspace })) {
      const abs = resolve(workspace, match);
      let real: string;
      try {
        real = await realpath(abs);
      } catch (error) {
        refused.push(`${match}: ${errorMessage(error)}`);
        continue;
      }
      if (!inside(root, real)) {
        refused.push(`${match} resolves to ${real}, outside the workspace (a symlink)`);
        continue;
      }
      const info = await stat(real);
      if (!info.isFile()) continue;
      files.push({ path: real, name: relative(workspace, abs).split(sep).join('/'), size: info.size });
    }
  } catch (error) {
    return { pattern, files: [], error: `cannot expand '${pattern}': ${errorMessage(error)}` };
  }
  if (refused.length > 0) return { pattern, files, error: refused.join('; ') };
  if (files.length === 0) return { pattern, files, error: `no file matches '${pattern}'` };
  files.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { pattern, files };
}
