/**
 * Trusted roots by name: a file of one root or of JSON lines (`gh attestation trusted-root`), or a
 * known Sigstore instance's root (public-good, GitHub's) refreshed through TUF, else the copy shipped
 * with this action; and the verifier's trust material built from one.
 */
import type { KeyObject } from 'node:crypto';
import { lstat, mkdir, mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { TrustedRoot } from '@sigstore/protobuf-specs';
import { getTrustedRoot, initTUF } from '@sigstore/tuf';
import { toTrustMaterial, type TrustMaterial } from '@sigstore/verify';
import seeds from '@sigstore/tuf/seeds.json' with { type: 'json' };
import githubTrustedRoot from './github-sigstore/trusted_root.json' with { type: 'json' };
import githubTufRoot from './github-sigstore/tuf-root.json' with { type: 'json' };
import { ConfigurationError, errorMessage } from '../core/errors.js';
import { checkJsonNesting } from '../core/nesting.js';

export type { TrustedRoot };

const MAX_ROOT_BYTES = 10 * 1024 * 1024;
const PUBLIC_GOOD_MIRROR = 'https://tuf-repo-cdn.sigstore.dev';
/** GitHub's TUF repository for its own Sigstore instance (cli/cli pkg/cmd/attestation/verification/tuf.go). */
export const GITHUB_TUF_MIRROR = 'https://tuf-repo.github.com';

/**
 * Rejects a trusted root the library would accept but should not: an authority or log whose
 * validity has no start (the library reads that as "since the beginning of time"), or no CA at all.
 */
export function checkTrustedRoot(root: TrustedRoot, source: string): void {
  const problems: string[] = [];
  const check = (kind: string, list: readonly { validFor?: { start?: Date } }[], name: (i: number) => string) => {
    list.forEach((item, i) => {
      if (!item.validFor?.start) problems.push(`${kind} ${name(i)} has a validity period without a start`);
    });
  };
  check(
    'transparency log',
    root.tlogs.map((t) => t.publicKey ?? {}),
    (i) => root.tlogs[i]?.baseUrl || `#${i}`,
  );
  check(
    'certificate transparency log',
    root.ctlogs.map((t) => t.publicKey ?? {}),
    (i) => root.ctlogs[i]?.baseUrl || `#${i}`,
  );
  check('certificate authority', root.certificateAuthorities, (i) => root.certificateAuthorities[i]?.uri || `#${i}`);
  check('timestamp authority', root.timestampAuthorities, (i) => root.timestampAuthorities[i]?.uri || `#${i}`);
  root.tlogs.forEach((t, i) => {
    if (!t.publicKey?.rawBytes || t.publicKey.rawBytes.length === 0) problems.push(`transparency log #${i} has no key`);
  });
  if (problems.length > 0) {
    throw new ConfigurationError(`Trusted root ${source} is malformed: ${problems.join('; ')}.`);
  }
}

/** Parses trusted-root JSON text into a checked TrustedRoot. */
export function parseTrustedRoot(text: string, source: string): TrustedRoot {
  let json: unknown;
  checkJsonNesting(text, `Trusted root ${source}`);
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigurationError(`Trusted root ${source} is not valid JSON: ${errorMessage(error)}`);
  }
  return trustedRootFromValue(json, source);
}

/**
 * Parses a trusted-root file: one JSON object, or JSON lines with one root per line — what
 * `gh attestation trusted-root` prints (public-good first, then GitHub's instance). A line that
 * is not a trusted root is an error naming that line.
 */
export function parseTrustedRoots(text: string, source: string): TrustedRoot[] {
  checkJsonNesting(text, `Trusted root ${source}`);
  let whole: unknown;
  try {
    whole = JSON.parse(text);
  } catch {
    whole = undefined;
  }
  if (whole !== undefined) return [trustedRootFromValue(whole, source)];
  const lines = text.split(/\r?\n/);
  const roots: TrustedRoot[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const where = `${source} line ${i + 1}`;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (error) {
      throw new ConfigurationError(
        `Trusted root ${where} is not valid JSON (${errorMessage(error)}): give one trusted root, or JSON lines with one root per line (as \`gh attestation trusted-root\` prints them).`,
      );
    }
    roots.push(trustedRootFromValue(json, where));
  });
  if (roots.length === 0) throw new ConfigurationError(`Trusted root ${source} is empty.`);
  return roots;
}

function trustedRootFromValue(json: unknown, source: string): TrustedRoot {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new ConfigurationError(`Trusted root ${source} is not a JSON object.`);
  }
  const mediaType = (json as { mediaType?: unknown }).mediaType;
  if (typeof mediaType !== 'string' || !mediaType.startsWith('application/vnd.dev.sigstore.trustedroot')) {
    throw new ConfigurationError(
      `Trusted root ${source} has media type '${String(mediaType)}', not application/vnd.dev.sigstore.trustedroot+json.`,
    );
  }
  let root: TrustedRoot;
  try {
    root = TrustedRoot.fromJSON(json);
  } catch (error) {
    throw new ConfigurationError(`Trusted root ${source} cannot be read: ${errorMessage(error)}`);
  }
  checkTrustedRoot(root, source);
  return root;
}

/** Reads a trusted-root file: one root, or JSON lines (`gh attestation trusted-root` output). */
export async function loadTrustedRootFile(path: string): Promise<TrustedRoot[]> {
  let text: string;
  try {
    const info = await stat(path);
    if (info.size > MAX_ROOT_BYTES) throw new Error(`it is larger than ${MAX_ROOT_BYTES} bytes`);
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigurationError(`Cannot read trusted root ${path}: ${errorMessage(error)}`);
  }
  return parseTrustedRoots(text, path);
}

interface SeedFile {
  readonly [mirror: string]: { readonly 'root.json': string; readonly targets: Readonly<Record<string, string>> };
}

/** The Sigstore instances whose trusted roots ship with this action and are refreshed through TUF. */
export type InstanceName = 'public-good' | 'github';

/** How each instance is named in messages. */
export const INSTANCE_TITLES: Readonly<Record<InstanceName, string>> = {
  'public-good': 'the Sigstore public-good instance',
  github: "GitHub's Sigstore instance",
};

const ROOT_NAMES: Readonly<Record<InstanceName, string>> = {
  'public-good': 'the Sigstore trusted root',
  github: "GitHub's Sigstore trusted root",
};

interface TufRootFile {
  readonly signed?: { readonly version?: number; readonly expires?: string };
}

/** A sentence saying how old a shipped root is: its newest key, and the TUF root it came with. */
function ageOf(root: TrustedRoot, tufRoot: TufRootFile | undefined, now: Date): string {
  const starts = [
    ...root.tlogs.map((t) => t.publicKey?.validFor?.start),
    ...root.ctlogs.map((t) => t.publicKey?.validFor?.start),
    ...root.certificateAuthorities.map((c) => c.validFor?.start),
    ...root.timestampAuthorities.map((c) => c.validFor?.start),
  ].filter((d): d is Date => d instanceof Date);
  const newest = new Date(Math.max(...starts.map((d) => d.getTime())));
  const days = Math.floor((now.getTime() - newest.getTime()) / 86_400_000);
  const expires = tufRoot
    ? ` (TUF root version ${tufRoot.signed?.version ?? '?'}, expires ${tufRoot.signed?.expires ?? '?'})`
    : '';
  return `its newest key dates from ${newest.toISOString().slice(0, 10)}, ${days} days ago${expires}`;
}

/**
 * An instance's trusted root shipped with this action, and a sentence saying how old it is:
 * public-good's from @sigstore/tuf's seeds, GitHub's from src/verify/github-sigstore (line 2 of
 * `gh attestation trusted-root`, see the README there).
 */
export function shippedTrustedRoot(
  now: Date = new Date(),
  instance: InstanceName = 'public-good',
): { root: TrustedRoot; age: string } {
  if (instance === 'github') {
    const root = trustedRootFromValue(githubTrustedRoot, "shipped for GitHub's Sigstore instance");
    return { root, age: ageOf(root, githubTufRoot, now) };
  }
  const seed = (seeds as SeedFile)[PUBLIC_GOOD_MIRROR];
  const target = seed?.targets['trusted_root.json'];
  if (!seed || !target) throw new Error('@sigstore/tuf ships no trusted root for the public-good instance');
  const root = parseTrustedRoot(Buffer.from(target, 'base64').toString('utf8'), 'shipped with @sigstore/tuf');
  let tufRoot: TufRootFile | undefined;
  try {
    tufRoot = JSON.parse(Buffer.from(seed['root.json'], 'base64').toString('utf8')) as TufRootFile;
  } catch {
    // the age is still accurate without the TUF root's version
  }
  return { root, age: ageOf(root, tufRoot, now) };
}

export interface DefaultRootOptions {
  readonly offline: boolean;
  readonly timeoutMs?: number;
  /** Another TUF mirror and its initial root.json (tests); default: the instance's repository. */
  readonly mirror?: { readonly url: string; readonly rootPath: string; readonly cachePath: string };
  /**
   * GitHub Enterprise Cloud with data residency (GHE.com): the trust domain from `GET /meta`
   * (`domains.artifact_attestations.trust_domain`); its root is the TUF target
   * `<trust domain>.trusted_root.json` (cli/cli pkg/cmd/attestation/verification/sigstore.go,
   * newGitHubVerifier). Nothing is shipped for it, so there is no offline fallback.
   */
  readonly trustDomain?: string;
  readonly warn: (message: string) => void;
}

/** The public-good root: a TUF refresh capped at 5 s, else the shipped copy with a warning saying how old it is. */
export async function publicGoodTrustedRoot(options: DefaultRootOptions): Promise<TrustedRoot> {
  return instanceTrustedRoot('public-good', options);
}

export interface TufCacheOptions {
  /** Default process.env: RUNNER_TEMP is read from it. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Default os.tmpdir(). */
  readonly tmp?: string;
  /** The user the cache must belong to; default process.getuid() (none on Windows: not checked). */
  readonly uid?: number;
}

/**
 * Where TUF metadata is cached. A predictable path in a shared temporary directory could be made
 * in advance by another user, who could then replace the cached metadata: on a runner the job's own
 * RUNNER_TEMP is used, elsewhere a per-user directory created private (0700). A directory that is
 * a symbolic link or not a directory, belongs to another user, or that other users can write is not
 * used: the refresh goes to a new private directory instead (with a warning), so nobody can make
 * the action fall back to an old shipped root by squatting the path.
 */
export async function tufCachePath(warn: (message: string) => void, options: TufCacheOptions = {}): Promise<string> {
  const env = options.env ?? process.env;
  const tmp = options.tmp ?? tmpdir();
  const uid = options.uid ?? process.getuid?.();
  const base = env.RUNNER_TEMP
    ? join(env.RUNNER_TEMP, 'secure-deploy-tuf')
    : join(tmp, `secure-deploy-tuf-${uid ?? userInfo().username}`);
  let problem: string | undefined;
  try {
    await mkdir(base, { recursive: true, mode: 0o700 });
    const info = await lstat(base);
    if (info.isSymbolicLink()) problem = 'is a symbolic link';
    else if (!info.isDirectory()) problem = 'is not a directory';
    else if (uid !== undefined && info.uid !== uid) problem = `belongs to user ${info.uid}, not to this user (${uid})`;
    else if (uid !== undefined && (info.mode & 0o022) !== 0) problem = 'can be written by other users';
  } catch (error) {
    problem = `cannot be used (${errorMessage(error)})`;
  }
  if (!problem) return base;
  const fresh = await mkdtemp(join(tmp, 'secure-deploy-tuf-'));
  warn(`The TUF cache directory ${base} ${problem}: not used; refreshing into ${fresh} instead.`);
  return fresh;
}

/** Refreshes an instance's trusted root through TUF (5 s at most); throws when that fails. */
async function refreshTrustedRoot(instance: InstanceName, options: DefaultRootOptions): Promise<TrustedRoot> {
  const timeoutMs = options.timeoutMs ?? 5000;
  const cacheBase = options.mirror?.cachePath ?? (await tufCachePath(options.warn));
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs / 1000} s`)), timeoutMs);
    timer.unref();
  });
  const fetchRoot = async (): Promise<TrustedRoot> => {
    if (instance === 'public-good') {
      return getTrustedRoot({
        cachePath: cacheBase,
        ...(options.mirror ? { mirrorURL: options.mirror.url, rootPath: options.mirror.rootPath } : {}),
        timeout: timeoutMs,
        retry: false,
      });
    }
    let rootPath = options.mirror?.rootPath;
    if (!rootPath) {
      // @sigstore/tuf seeds a repository's cache from a root.json file: write the shipped one (gh embeds the same).
      await mkdir(cacheBase, { recursive: true });
      rootPath = join(cacheBase, 'tuf-repo.github.com.seed-root.json');
      await writeFile(rootPath, JSON.stringify(githubTufRoot));
    }
    const tuf = await initTUF({
      cachePath: cacheBase,
      mirrorURL: options.mirror?.url ?? GITHUB_TUF_MIRROR,
      rootPath,
      timeout: timeoutMs,
      retry: false,
    });
    const target = options.trustDomain ? `${options.trustDomain}.trusted_root.json` : 'trusted_root.json';
    return parseTrustedRoot(await tuf.getTarget(target), `${target} from ${options.mirror?.url ?? GITHUB_TUF_MIRROR}`);
  };
  try {
    const refreshed = await Promise.race([fetchRoot(), deadline]);
    checkTrustedRoot(refreshed, `from the TUF repository of ${INSTANCE_TITLES[instance]}`);
    return refreshed;
  } finally {
    if (timer) clearTimeout(timer);
  }
}

/**
 * Why a TUF refresh failed: @sigstore/tuf wraps what tuf-js found (a target whose hash does not
 * match the signed metadata, say) in a general message ("error downloading target undefined"), so
 * the causes are named too.
 */
export function tufReason(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && depth < 4; depth++) {
    const message = errorMessage(current).replace(/ (undefined|null)$/, '');
    if (message && !parts.includes(message)) parts.push(message);
    current = current instanceof Error ? current.cause : undefined;
  }
  return parts.join(': ');
}

/**
 * An instance's trusted root: a TUF refresh capped at 5 s, else the copy shipped with this action
 * with a warning saying how old it is (GHE.com trust domains have no shipped copy: refused).
 */
export async function instanceTrustedRoot(instance: InstanceName, options: DefaultRootOptions): Promise<TrustedRoot> {
  if (options.trustDomain && instance === 'github') {
    if (options.offline) {
      throw new ConfigurationError(
        `offline: the trusted root of trust domain '${options.trustDomain}' (GHE.com) is not shipped with this action; pass it with 'trusted-root' (\`gh attestation trusted-root\` prints it).`,
      );
    }
    try {
      return await refreshTrustedRoot(instance, options);
    } catch (error) {
      throw new ConfigurationError(
        `Could not fetch the trusted root of trust domain '${options.trustDomain}' from ${options.mirror?.url ?? GITHUB_TUF_MIRROR} (${tufReason(error)}); pass it with 'trusted-root' (\`gh attestation trusted-root\` prints it).`,
      );
    }
  }
  if (!options.offline) {
    try {
      return await refreshTrustedRoot(instance, options);
    } catch (error) {
      const { root, age } = shippedTrustedRoot(new Date(), instance);
      options.warn(
        `Could not refresh ${ROOT_NAMES[instance]} through TUF (${tufReason(error)}); using the copy shipped with this action: ${age}.`,
      );
      return root;
    }
  }
  const { root, age } = shippedTrustedRoot(new Date(), instance);
  options.warn(`offline: using ${ROOT_NAMES[instance]} shipped with this action, not refreshed: ${age}.`);
  return root;
}

/** Trust material for the verifier; key-signed bundles are checked against `key` whatever hint they carry. */
export function trustMaterial(root: TrustedRoot, key?: KeyObject): TrustMaterial {
  return toTrustMaterial(root, (hint: string) => {
    if (!key) {
      throw new KeyRequiredError(
        `the bundle is signed with a key${hint ? ` (hint ${hint})` : ''}, not a certificate: pass the public key with 'key'`,
      );
    }
    return { publicKey: key, validFor: () => true };
  });
}

export class KeyRequiredError extends Error {
  override readonly name = 'KeyRequiredError';
}
