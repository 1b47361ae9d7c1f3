/** Turning what the user named (a path or a `sha256:` digest) into a Subject. */
import { stat } from 'node:fs/promises';
import { errorMessage } from '../core/errors.js';
import { hashFileHere } from './hash.js';
import { ArtifactError, type Subject } from './types.js';

const DIGEST = /^sha256:([0-9a-fA-F]*)$/;

/** True when the text looks like a digest argument (`sha256:...`), valid or not. */
export function looksLikeDigest(text: string): boolean {
  return /^sha256:/i.test(text);
}

/** A digest subject from `sha256:<64 hex>`; anything else starting with `sha256:` is refused. */
export function digestSubject(text: string): Subject {
  const m = DIGEST.exec(text);
  if (!m || m[1]?.length !== 64) {
    throw new ArtifactError(`'${text}' is not a digest: write sha256: followed by exactly 64 hex characters`);
  }
  return { label: text, digests: { sha256: m[1].toLowerCase() } };
}

/** A file subject, hashed (streamed) unless digests are given. */
export async function fileSubject(path: string, label = path, digests?: Subject['digests']): Promise<Subject> {
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new Error('not a regular file');
    size = info.size;
  } catch (error) {
    throw new ArtifactError(`cannot read ${label}: ${errorMessage(error)}`);
  }
  if (digests?.sha256) return { label, path, size, digests };
  try {
    return { label, path, size, digests: await hashFileHere(path, ['sha256']) };
  } catch (error) {
    throw new ArtifactError(`cannot read ${label}: ${errorMessage(error)}`);
  }
}

/** The conformance rule: a digest when it has the digest form and is not an existing path. */
export async function subjectFromArgument(text: string): Promise<Subject> {
  let exists = false;
  try {
    await stat(text);
    exists = true;
  } catch {
    exists = false;
  }
  if (!exists && looksLikeDigest(text)) return digestSubject(text);
  return fileSubject(text);
}
