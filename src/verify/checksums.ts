/** Pinned checksums (`sha256sum` / `sha512sum` output): the compensating measure for unsigned artifacts. */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { ConfigurationError, errorMessage } from '../core/errors.js';
import type { HashAlgorithm } from './types.js';

export interface ChecksumEntry {
  readonly algorithm: HashAlgorithm;
  readonly hex: string;
  readonly path: string;
  readonly line: number;
}

const BY_LENGTH: Readonly<Record<number, HashAlgorithm>> = { 64: 'sha256', 96: 'sha384', 128: 'sha512' };

/** Parses `<hex>  <path>` / `<hex> *<path>` lines; the algorithm follows from the digest's length. */
export function parseChecksums(text: string, source: string): ChecksumEntry[] {
  const out: ChecksumEntry[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const m = /^([0-9a-fA-F]+) [ *](.+)$/.exec(line);
    const algorithm = m?.[1] ? BY_LENGTH[m[1].length] : undefined;
    if (!m?.[1] || !m[2] || !algorithm) {
      throw new ConfigurationError(
        `Checksums ${source}, line ${i + 1}: '${line}' is not '<sha256 or sha512 hex>  <path>' as sha256sum prints it.`,
      );
    }
    out.push({ algorithm, hex: m[1].toLowerCase(), path: m[2].replace(/^\.\//, ''), line: i + 1 });
  });
  if (out.length === 0) throw new ConfigurationError(`Checksums ${source} has no entries.`);
  return out;
}

export async function loadChecksums(path: string): Promise<ChecksumEntry[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigurationError(`Cannot read checksums file ${path}: ${errorMessage(error)}`);
  }
  return parseChecksums(text, path);
}

/** The entries for an artifact: by the path as given (or workspace-relative), else by base name. */
export function checksumsFor(entries: readonly ChecksumEntry[], names: readonly string[]): ChecksumEntry[] {
  const wanted = names.map((n) => n.replace(/^\.\//, ''));
  const exact = entries.filter((e) => wanted.includes(e.path));
  if (exact.length > 0) return exact;
  const base = new Set(wanted.map((n) => basename(n)));
  return entries.filter((e) => base.has(basename(e.path)));
}
