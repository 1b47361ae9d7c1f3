/** Reading Sigstore bundles from files: size cap, JSON or JSON lines, known media types only. */
import { open } from 'node:fs/promises';
import {
  BUNDLE_V01_MEDIA_TYPE,
  BUNDLE_V02_MEDIA_TYPE,
  BUNDLE_V03_LEGACY_MEDIA_TYPE,
  BUNDLE_V03_MEDIA_TYPE,
  type Bundle,
  bundleFromJSON,
} from '@sigstore/bundle';
import { errorMessage } from '../core/errors.js';
import { ArtifactError } from './types.js';
import { checkJsonNesting } from '../core/nesting.js';

export type { Bundle };

/** Bundles larger than this are refused before they are parsed. */
export const MAX_BUNDLE_BYTES = 10 * 1024 * 1024;

export const KNOWN_MEDIA_TYPES: readonly string[] = [
  BUNDLE_V01_MEDIA_TYPE,
  BUNDLE_V02_MEDIA_TYPE,
  BUNDLE_V03_LEGACY_MEDIA_TYPE,
  BUNDLE_V03_MEDIA_TYPE,
];

/** A parsed bundle and where it came from (file and line, or an attestation). */
export interface LoadedBundle {
  readonly bundle: Bundle;
  readonly source: string;
}

/** Parses one bundle from JSON already read; throws ArtifactError with the reason. */
export function bundleFromValue(json: unknown, source: string): LoadedBundle {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new ArtifactError(`bundle ${source} is not a JSON object`);
  }
  const mediaType = (json as { mediaType?: unknown }).mediaType;
  if (typeof mediaType !== 'string' || !KNOWN_MEDIA_TYPES.includes(mediaType)) {
    throw new ArtifactError(
      `bundle ${source} has unknown media type '${String(mediaType)}' (known: Sigstore bundle v0.1, v0.2, v0.3)`,
    );
  }
  try {
    return { bundle: bundleFromJSON(json), source };
  } catch (error) {
    throw new ArtifactError(`bundle ${source} is not a valid Sigstore bundle: ${errorMessage(error)}`);
  }
}

/** Parses bundle text: one JSON object, or JSON lines with one bundle per line. */
export function parseBundles(text: string, source: string): LoadedBundle[] {
  try {
    checkJsonNesting(text, `bundle ${source}`);
  } catch (error) {
    throw new ArtifactError(errorMessage(error));
  }
  try {
    return [bundleFromValue(JSON.parse(text) as unknown, source)];
  } catch (error) {
    if (error instanceof ArtifactError) throw error;
  }
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length < 2) {
    let reason = 'empty file';
    try {
      JSON.parse(text);
    } catch (error) {
      reason = errorMessage(error);
    }
    throw new ArtifactError(`bundle ${source} is not valid JSON (${reason})`);
  }
  return lines.map((line, i) => {
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (error) {
      throw new ArtifactError(`bundle ${source}, line ${i + 1}, is not valid JSON (${errorMessage(error)})`);
    }
    return bundleFromValue(json, `${source}:${i + 1}`);
  });
}

/** Reads a bundle file, refusing files over 10 MB before reading them whole. */
export async function readBundleFile(path: string, label = path): Promise<LoadedBundle[]> {
  let text: string;
  try {
    const handle = await open(path, 'r');
    try {
      const info = await handle.stat();
      if (!info.isFile()) throw new ArtifactError(`bundle ${label} is not a file`);
      if (info.size > MAX_BUNDLE_BYTES) {
        throw new ArtifactError(`bundle ${label} is ${info.size} bytes, over the ${MAX_BUNDLE_BYTES}-byte limit`);
      }
      text = await handle.readFile('utf8');
    } finally {
      await handle.close();
    }
  } catch (error) {
    if (error instanceof ArtifactError) throw error;
    throw new ArtifactError(`cannot read bundle ${label}: ${errorMessage(error)}`);
  }
  return parseBundles(text, label);
}
