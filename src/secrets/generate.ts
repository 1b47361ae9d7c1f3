/**
 * Value generators: random strings over an alphabet or a password policy, ssh-ed25519 key pairs,
 * or a user command whose standard output is the value. Every value is masked the moment it exists.
 */
import { spawn } from 'node:child_process';
import { generateKeyPairSync, randomInt } from 'node:crypto';
import { ConfigurationError } from '../core/errors.js';
import { maskSecret } from '../core/mask.js';

export const ALPHABETS = {
  hex: '0123456789abcdef',
  base64url: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_',
  alphanumeric: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789',
} as const;

export const PASSWORD_CLASSES = {
  lower: 'abcdefghijklmnopqrstuvwxyz',
  upper: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  digit: '0123456789',
  // No quote, backslash, space or '$': values survive shells, YAML, URLs in JSON and .env files.
  symbol: '!#%&()*+,-./:;<=>?@[]^_{|}~',
} as const;

export type PasswordClass = keyof typeof PASSWORD_CLASSES;

/** How many characters of each class a password must have at least, and which symbols to use. */
export interface PasswordPolicy {
  readonly min: Readonly<Record<PasswordClass, number>>;
  readonly symbols: string;
}

export type GeneratorSpec =
  | {
      readonly kind: 'random';
      readonly length: number;
      readonly alphabet: 'hex' | 'base64url' | 'alphanumeric' | 'password';
      readonly policy?: PasswordPolicy;
    }
  | { readonly kind: 'ssh-ed25519' }
  | { readonly kind: 'command'; readonly command: string };

/** A generated value. `publicKey` is set for key pairs (the value is then the private key). */
export interface Generated {
  readonly value: string;
  readonly publicKey?: string;
}

/** Parses `lower=1 upper=1 digit=1 symbol=1 symbols=!#%` (any order, any subset). */
export function parsePasswordPolicy(text: string, length: number): PasswordPolicy {
  const min: Record<PasswordClass, number> = { lower: 0, upper: 0, digit: 0, symbol: 0 };
  let symbols: string = PASSWORD_CLASSES.symbol;
  for (const pair of text
    .trim()
    .split(/[\s,]+/)
    .filter(Boolean)) {
    const eq = pair.indexOf('=');
    const key = pair.slice(0, eq);
    const value = pair.slice(eq + 1);
    if (eq <= 0) throw new ConfigurationError(`Input 'password-policy': '${pair}' must be key=value, e.g. 'digit=2'.`);
    if (key === 'symbols') {
      if (value === '' || /[\s'"\\`$]/.test(value) || !/^[\x21-\x7e]+$/.test(value)) {
        throw new ConfigurationError(
          "Input 'password-policy': 'symbols' must list printable ASCII symbols without quotes, backslash, backtick or '$'.",
        );
      }
      symbols = [...new Set(value)].join('');
    } else if (key in min) {
      if (!/^\d+$/.test(value))
        throw new ConfigurationError(`Input 'password-policy': '${key}' must be a whole number.`);
      min[key as PasswordClass] = Number(value);
    } else {
      throw new ConfigurationError(
        `Input 'password-policy': unknown key '${key}'. Known keys: lower, upper, digit, symbol, symbols.`,
      );
    }
  }
  const required = Object.values(min).reduce((a, b) => a + b, 0);
  if (required > length) {
    throw new ConfigurationError(
      `Input 'password-policy' asks for ${required} characters, more than 'length' (${length}).`,
    );
  }
  return { min, symbols };
}

function pick(alphabet: string): string {
  return alphabet[randomInt(alphabet.length)] ?? '';
}

/** Unbiased random characters (crypto.randomInt); a password policy's classes are then shuffled in. */
export function randomValue(
  length: number,
  alphabet: 'hex' | 'base64url' | 'alphanumeric' | 'password',
  policy?: PasswordPolicy,
): string {
  if (alphabet !== 'password') {
    const chars = ALPHABETS[alphabet];
    let out = '';
    for (let i = 0; i < length; i++) out += pick(chars);
    return out;
  }
  const p = policy ?? parsePasswordPolicy('', length);
  const classes: Record<PasswordClass, string> = { ...PASSWORD_CLASSES, symbol: p.symbols };
  const chars: string[] = [];
  for (const cls of Object.keys(classes) as PasswordClass[]) {
    for (let i = 0; i < p.min[cls]; i++) chars.push(pick(classes[cls]));
  }
  const all = Object.values(classes).join('');
  while (chars.length < length) chars.push(pick(all));
  // Fisher–Yates, so the required characters are not all at the front.
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j] ?? '', chars[i] ?? ''];
  }
  return chars.join('');
}

/** An Ed25519 key pair: the private key in OpenSSH PEM form, the public key as `ssh-ed25519 AAAA... comment`. */
export function sshEd25519(comment: string): Generated {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const jwkPub = publicKey.export({ format: 'jwk' });
  const jwkPriv = privateKey.export({ format: 'jwk' });
  const pub = Buffer.from(jwkPub.x ?? '', 'base64url');
  const seed = Buffer.from(jwkPriv.d ?? '', 'base64url');
  if (pub.length !== 32 || seed.length !== 32)
    throw new Error('node:crypto returned an Ed25519 key of unexpected size');
  const value = openSshPrivateKey(pub, seed, comment);
  maskSecret(value);
  const publicKeyText = `ssh-ed25519 ${sshPublicBlob(pub).toString('base64')} ${comment}`;
  return { value, publicKey: publicKeyText };
}

function sshString(data: Buffer | string): Buffer {
  const body = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const len = Buffer.alloc(4);
  len.writeUInt32BE(body.length);
  return Buffer.concat([len, body]);
}

function sshPublicBlob(pub: Buffer): Buffer {
  return Buffer.concat([sshString('ssh-ed25519'), sshString(pub)]);
}

/**
 * The `openssh-key-v1` container (PROTOCOL.key in OpenSSH): unencrypted, one Ed25519 key.
 * node:crypto has no OpenSSH export, and this framing is a few length-prefixed fields.
 */
function openSshPrivateKey(pub: Buffer, seed: Buffer, comment: string): string {
  const check = Buffer.alloc(4);
  check.writeUInt32BE(randomInt(0, 2 ** 32 - 1));
  let priv = Buffer.concat([
    check,
    check,
    sshString('ssh-ed25519'),
    sshString(pub),
    sshString(Buffer.concat([seed, pub])),
    sshString(comment),
  ]);
  const pad: number[] = [];
  for (let i = 1; (priv.length + pad.length) % 8 !== 0; i++) pad.push(i);
  priv = Buffer.concat([priv, Buffer.from(pad)]);
  const count = Buffer.alloc(4);
  count.writeUInt32BE(1);
  const body = Buffer.concat([
    Buffer.from('openssh-key-v1\0', 'latin1'),
    sshString('none'),
    sshString('none'),
    sshString(Buffer.alloc(0)),
    count,
    sshString(sshPublicBlob(pub)),
    sshString(priv),
  ]);
  const b64 = body.toString('base64').replace(/.{1,70}/g, '$&\n');
  return `-----BEGIN OPENSSH PRIVATE KEY-----\n${b64}-----END OPENSSH PRIVATE KEY-----\n`;
}

/**
 * Runs the user's command with `sh -c`; its standard output (one trailing newline removed) is the
 * value. The command gets a JSON document on standard input (`{"name":..., "instance":...}`), never
 * the value on a command line. Its standard error is not shown: it might echo the value.
 */
export async function commandValue(
  command: string,
  request: Record<string, unknown>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  const { code, stdout } = await runCommand(command, JSON.stringify(request), env);
  const value = stdout.replace(/\r?\n$/, '');
  if (value !== '') maskSecret(value);
  if (code !== 0) throw new ConfigurationError(`The generator command exited with status ${code}.`);
  if (value === '')
    throw new ConfigurationError('The generator command printed nothing: its standard output must be the value.');
  return value;
}

/**
 * The environment a user command gets: the runner's, without the action's inputs (`INPUT_*`: the
 * token, admin URLs, the fingerprint key, pending values) and the runner's own credentials
 * (`ACTIONS_*`: runtime token, cache and results URLs). PATH, HOME and the rest stay.
 */
export function childEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(env)) {
    if (/^(INPUT|ACTIONS)_/i.test(key)) continue;
    out[key] = value;
  }
  return out;
}

/**
 * Runs `sh -c <command>` with `stdin` written to it; resolves with its exit status and stdout.
 * The command never sees the action's inputs or the runner's credentials (see `childEnv`).
 */
export function runCommand(
  command: string,
  stdin: string,
  env: NodeJS.ProcessEnv = process.env,
  timeoutMs = 120_000,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', command], { env: childEnv(env), stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr });
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(stdin);
  });
}

/** Generates one value per the spec, masked before it is returned. */
export async function generate(spec: GeneratorSpec, context: { name: string; instance: string }): Promise<Generated> {
  switch (spec.kind) {
    case 'random': {
      const value = randomValue(spec.length, spec.alphabet, spec.policy);
      maskSecret(value);
      return { value };
    }
    case 'ssh-ed25519':
      return sshEd25519(`${context.name.toLowerCase()}@${context.instance}`);
    case 'command':
      return { value: await commandValue(spec.command, { name: context.name, instance: context.instance }) };
  }
}

/** The `ssh-ed25519 AAAA...` public key inside an unencrypted `openssh-key-v1` private key. */
export function publicKeyOfOpenSsh(privateKey: string, comment: string): string {
  const b64 = privateKey.replace(/-----(BEGIN|END) OPENSSH PRIVATE KEY-----/g, '').replace(/\s+/g, '');
  const body = Buffer.from(b64, 'base64');
  const magic = 'openssh-key-v1\0';
  if (body.subarray(0, magic.length).toString('latin1') !== magic) throw new Error('not an OpenSSH private key');
  let offset = magic.length;
  const next = (): Buffer => {
    const len = body.readUInt32BE(offset);
    const out = body.subarray(offset + 4, offset + 4 + len);
    offset += 4 + len;
    return out;
  };
  next(); // cipher
  next(); // kdf
  next(); // kdf options
  offset += 4; // key count
  const blob = next();
  return `ssh-ed25519 ${blob.toString('base64')} ${comment}`;
}
