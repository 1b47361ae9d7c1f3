/**
 * The rotation's configuration, checked once from the action's inputs (or the CLI's options).
 * Pure functions that throw ConfigurationError: tested without mocks.
 */
import { instanceKey, rotationVariableName } from '../core/rotation-records.js';
import { ConfigurationError } from '../core/errors.js';
import { maskSecret } from '../core/mask.js';
import { GRACE_LIMIT_MS, MAX_AGE_LIMIT_MS, parseDuration } from './duration.js';
import { parsePasswordPolicy, type GeneratorSpec } from './generate.js';

export type DestinationKind = 'repository' | 'environment' | 'organization' | 'dependabot';

/** One GitHub secret location that must hold an instance's value. */
export interface Destination {
  readonly kind: DestinationKind;
  /** Organization or repository owner. */
  readonly owner: string;
  /** Repository name (repository, environment, dependabot). */
  readonly repo?: string;
  /** Environment name (environment). */
  readonly environment?: string;
}

export interface Instance {
  readonly name: string;
  /** The instance as it appears in variable names: upper case, `_` for anything not alphanumeric. */
  readonly key: string;
  /** Where the value must be; the first one also holds `<NAME>_PENDING` during a rotation. */
  readonly destinations: readonly Destination[];
}

export type TargetSpec =
  | { readonly kind: 'none' }
  | {
      readonly kind: 'postgres';
      readonly strategy: 'alternating-users' | 'single-user';
      /** Admin connection URL per instance name (`*` for all). */
      readonly adminUrls: ReadonlyMap<string, string>;
      /** Role names, `{instance}` replaced: two for alternating-users, one for single-user. */
      readonly roles: readonly string[];
      readonly format: 'json' | 'url' | 'password';
    }
  | { readonly kind: 'deploy-key'; readonly repository: string; readonly readOnly: boolean }
  | { readonly kind: 'command'; readonly command: string };

export interface RotationConfig {
  readonly name: string;
  readonly repository: { readonly owner: string; readonly repo: string };
  readonly instances: readonly Instance[];
  readonly generator: GeneratorSpec;
  readonly target: TargetSpec;
  readonly maxAgeMs: number;
  readonly force: boolean;
  readonly dryRun: boolean;
  readonly graceMs: number;
  readonly fingerprintKey: string;
  /** Values passed back by the workflow to complete an interrupted rotation (matched by fingerprint). */
  readonly pendingValues: readonly string[];
  readonly concurrency: number;
}

/** What the action reads from its inputs; the CLI fills the same object from its options. */
export interface RotationInputs {
  readonly name: string;
  readonly instances: readonly string[];
  readonly destinations: readonly string[];
  readonly generator: 'random' | 'ssh-ed25519' | 'command';
  readonly length: number;
  readonly alphabet: 'alphanumeric' | 'hex' | 'base64url' | 'password';
  readonly passwordPolicy: string;
  readonly generatorCommand: string;
  readonly target: 'none' | 'postgres' | 'deploy-key' | 'command';
  readonly postgresUrl: string;
  readonly postgresStrategy: 'alternating-users' | 'single-user';
  readonly postgresRoles: string;
  readonly postgresSecretFormat: 'json' | 'url' | 'password';
  readonly deployKeyRepository: string;
  readonly deployKeyReadOnly: boolean;
  readonly targetCommand: string;
  readonly maxAge: string;
  readonly force: boolean;
  readonly dryRun: boolean;
  readonly grace: string;
  readonly fingerprintKey: string;
  readonly pendingValues: string;
  readonly concurrency: number;
}

const SECRET_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/;
const REPO = /^[A-Za-z0-9._-]+$/;

function parseRepo(input: string, text: string, line: string): { owner: string; repo: string } {
  const [owner = '', repo = '', ...rest] = text.split('/');
  if (!OWNER.test(owner) || !REPO.test(repo) || rest.length > 0) {
    throw new ConfigurationError(`Input '${input}': '${text}' in '${line}' is not a repository; write 'owner/name'.`);
  }
  return { owner, repo };
}

/** The destinations of an instance that has no `destinations` lines, from its name. */
export function defaultDestination(instance: string, repository: { owner: string; repo: string }): Destination {
  if (instance === 'repository') return { kind: 'repository', ...repository };
  if (instance === 'organization') return { kind: 'organization', owner: repository.owner };
  return { kind: 'environment', ...repository, environment: instance };
}

/**
 * One `destinations` line: `<instance> <kind> [<where>]`, where `<where>` is `owner/repo` for
 * repository and dependabot, `[owner/repo:]environment` for environment, `org` for organization;
 * without it, the current repository, an environment named like the instance, or its owner.
 */
export function parseDestinationLine(
  line: string,
  repository: { owner: string; repo: string },
): { instance: string; destination: Destination } {
  const [instance = '', kind = '', where, ...rest] = line.trim().split(/\s+/);
  if (!instance || !kind || rest.length > 0) {
    throw new ConfigurationError(
      `Input 'destinations': '${line}' is not a destination. Write '<instance> <kind> [<where>]', e.g. 'production environment' or 'production repository acme/worker'.`,
    );
  }
  switch (kind) {
    case 'repository':
    case 'dependabot':
      return { instance, destination: { kind, ...(where ? parseRepo('destinations', where, line) : repository) } };
    case 'environment': {
      if (!where) return { instance, destination: { kind, ...repository, environment: instance } };
      const colon = where.lastIndexOf(':');
      const repo = colon >= 0 ? parseRepo('destinations', where.slice(0, colon), line) : repository;
      const environment = colon >= 0 ? where.slice(colon + 1) : where;
      if (!environment) throw new ConfigurationError(`Input 'destinations': '${line}' names no environment.`);
      return { instance, destination: { kind, ...repo, environment } };
    }
    case 'organization': {
      const org = where ?? repository.owner;
      if (!OWNER.test(org))
        throw new ConfigurationError(`Input 'destinations': '${org}' in '${line}' is not an organization.`);
      return { instance, destination: { kind, owner: org } };
    }
    default:
      throw new ConfigurationError(
        `Input 'destinations': unknown kind '${kind}' in '${line}'. Known kinds: repository, environment, organization, dependabot.`,
      );
  }
}

/** `environment acme/app:production`, for messages, summaries and audit details. */
export function describeDestination(d: Destination): string {
  switch (d.kind) {
    case 'organization':
      return `organization ${d.owner}`;
    case 'environment':
      return `environment ${d.owner}/${d.repo ?? ''}:${d.environment ?? ''}`;
    default:
      return `${d.kind} ${d.owner}/${d.repo ?? ''}`;
  }
}

function sameDestination(a: Destination, b: Destination): boolean {
  return describeDestination(a).toLowerCase() === describeDestination(b).toLowerCase();
}

/** Parses `postgres-url`: one URL for every instance, or lines of `<instance>=<url>`. */
export function parseAdminUrls(text: string, instances: readonly string[]): Map<string, string> {
  const map = new Map<string, string>();
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
  for (const line of lines) {
    const m = /^([A-Za-z0-9_.-]+)\s*=\s*(postgres(?:ql)?:\/\/.*)$/.exec(line);
    const [instance, url] = m ? [m[1] ?? '', m[2] ?? ''] : ['*', line];
    if (!/^postgres(?:ql)?:\/\//.test(url)) {
      throw new ConfigurationError(
        "Input 'postgres-url' must be a 'postgresql://user:password@host:port/database' URL, or lines of '<instance>=<url>'.",
      );
    }
    if (!URL.canParse(url)) {
      // Never the URL itself: it holds the admin password.
      throw new ConfigurationError(
        `Input 'postgres-url': the URL ${instance === '*' ? 'given' : `for instance '${instance}'`} is not a valid URL; percent-encode special characters in the user name and password (e.g. '@' as %40, '/' as %2F).`,
      );
    }
    if (instance !== '*' && !instances.includes(instance)) {
      throw new ConfigurationError(
        `Input 'postgres-url' names instance '${instance}', which 'instances' does not list.`,
      );
    }
    if (map.has(instance)) throw new ConfigurationError(`Input 'postgres-url' gives two URLs for '${instance}'.`);
    map.set(instance, url);
  }
  for (const instance of instances) {
    if (!map.has(instance) && !map.has('*')) {
      throw new ConfigurationError(`Input 'postgres-url' gives no admin URL for instance '${instance}'.`);
    }
  }
  return map;
}

/** Parses `pending-values`: a JSON array of strings, a JSON string, or the raw value. */
export function parsePendingValues(text: string): string[] {
  if (text === '') return [];
  let values: string[] = [text];
  try {
    const parsed: unknown = JSON.parse(text);
    if (Array.isArray(parsed) && parsed.every((v): v is string => typeof v === 'string')) values = parsed;
    else if (typeof parsed === 'string') values = [parsed];
  } catch {
    // Not JSON: the raw value.
  }
  values = values.filter((v) => v !== '');
  for (const v of values) maskSecret(v);
  return values;
}

export function parseConfig(inputs: RotationInputs, repository: { owner: string; repo: string }): RotationConfig {
  const problems: string[] = [];
  const check = (fn: () => void): void => {
    try {
      fn();
    } catch (error) {
      if (!(error instanceof ConfigurationError)) throw error;
      problems.push(error.message);
    }
  };

  if (!inputs.name) problems.push("Input 'name' is required: the name of the secret to rotate, e.g. 'DB_CREDENTIALS'.");
  else if (!SECRET_NAME.test(inputs.name) || /^GITHUB_/i.test(inputs.name)) {
    problems.push(
      `Input 'name': '${inputs.name}' is not a valid secret name (letters, digits and '_', not starting with a digit or 'GITHUB_').`,
    );
  }
  if (!repository.owner || !repository.repo) problems.push('GITHUB_REPOSITORY is not set: run this inside a workflow.');

  const names = [...inputs.instances];
  if (names.length === 0) {
    problems.push("Input 'instances' is required: list environment names, 'repository' or 'organization', one a line.");
  }
  const seen = new Map<string, string>();
  for (const n of names) {
    if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(n)) {
      problems.push(`Input 'instances': '${n}' is not an instance name (letters, digits, '.', '_', '-').`);
      continue;
    }
    const key = instanceKey(n);
    const other = seen.get(key);
    if (other !== undefined) {
      problems.push(`Input 'instances': '${other}' and '${n}' both become '${key}' in variable names; rename one.`);
    }
    seen.set(key, n);
  }

  const explicit = new Map<string, Destination[]>();
  for (const line of inputs.destinations) {
    check(() => {
      const { instance, destination } = parseDestinationLine(line, repository);
      if (!names.includes(instance)) {
        throw new ConfigurationError(
          `Input 'destinations': '${line}' names instance '${instance}', which 'instances' does not list.`,
        );
      }
      const list = explicit.get(instance) ?? [];
      if (list.some((d) => sameDestination(d, destination))) {
        throw new ConfigurationError(`Input 'destinations': '${line}' repeats a destination of '${instance}'.`);
      }
      list.push(destination);
      explicit.set(instance, list);
    });
  }
  const instances: Instance[] = names.map((n) => ({
    name: n,
    key: instanceKey(n),
    destinations: explicit.get(n) ?? [defaultDestination(n, repository)],
  }));
  // Two instances writing one location would overwrite each other's value.
  const owners = new Map<string, string>();
  for (const instance of instances) {
    for (const d of instance.destinations) {
      const k = describeDestination(d).toLowerCase();
      const other = owners.get(k);
      if (other !== undefined && other !== instance.name) {
        problems.push(
          `Instances '${other}' and '${instance.name}' both write ${describeDestination(d)}; each instance needs its own value.`,
        );
      }
      owners.set(k, instance.name);
    }
  }

  let generator: GeneratorSpec = { kind: 'random', length: inputs.length, alphabet: inputs.alphabet };
  if (inputs.generator === 'ssh-ed25519') generator = { kind: 'ssh-ed25519' };
  else if (inputs.generator === 'command') {
    if (!inputs.generatorCommand) problems.push("Input 'generator-command' is required when 'generator' is 'command'.");
    generator = { kind: 'command', command: inputs.generatorCommand };
  } else if (inputs.alphabet === 'password') {
    check(() => {
      generator = {
        kind: 'random',
        length: inputs.length,
        alphabet: 'password',
        policy: parsePasswordPolicy(inputs.passwordPolicy, inputs.length),
      };
    });
  }

  let target: TargetSpec = { kind: 'none' };
  switch (inputs.target) {
    case 'postgres': {
      check(() => {
        if (!inputs.postgresUrl) {
          throw new ConfigurationError(
            "Input 'postgres-url' is required when 'target' is 'postgres': an admin connection URL.",
          );
        }
        const roles = inputs.postgresRoles.split(/[\s,]+/).filter(Boolean);
        const want = inputs.postgresStrategy === 'alternating-users' ? 2 : 1;
        if (roles.length !== want) {
          throw new ConfigurationError(
            `Input 'postgres-roles' must name ${want === 2 ? "two roles (e.g. 'app_blue app_green') for alternating-users" : 'one role for single-user'}, not ${roles.length}.`,
          );
        }
        if (want === 2 && roles[0] === roles[1])
          throw new ConfigurationError("Input 'postgres-roles' must name two different roles.");
        if (inputs.postgresStrategy === 'alternating-users' && inputs.postgresSecretFormat === 'password') {
          throw new ConfigurationError(
            "Input 'postgres-secret-format' cannot be 'password' with alternating-users: the application must learn which role to use. Use 'json' or 'url'.",
          );
        }
        if (generator.kind === 'ssh-ed25519')
          throw new ConfigurationError(
            "Generator 'ssh-ed25519' makes keys, not passwords: use 'random' with target 'postgres'.",
          );
        target = {
          kind: 'postgres',
          strategy: inputs.postgresStrategy,
          adminUrls: parseAdminUrls(inputs.postgresUrl, names),
          roles,
          format: inputs.postgresSecretFormat,
        };
      });
      break;
    }
    case 'deploy-key': {
      if (inputs.generator !== 'ssh-ed25519') problems.push("Target 'deploy-key' needs 'generator: ssh-ed25519'.");
      const where = inputs.deployKeyRepository || `${repository.owner}/${repository.repo}`;
      check(() => parseRepo('deploy-key-repository', where.replace(/\{instance\}/g, 'x'), where));
      target = { kind: 'deploy-key', repository: where, readOnly: inputs.deployKeyReadOnly };
      break;
    }
    case 'command':
      if (!inputs.targetCommand) problems.push("Input 'target-command' is required when 'target' is 'command'.");
      target = { kind: 'command', command: inputs.targetCommand };
      break;
    case 'none':
      break;
  }

  let maxAgeMs = 0;
  let graceMs = 0;
  check(() => (maxAgeMs = parseDuration('max-age', inputs.maxAge, MAX_AGE_LIMIT_MS)));
  check(() => (graceMs = parseDuration('grace', inputs.grace, GRACE_LIMIT_MS)));
  if (!inputs.fingerprintKey) {
    problems.push(
      "Input 'fingerprint-key' is required: a secret key (e.g. `${{ secrets.SECRET_FINGERPRINT_KEY }}`) for the HMAC fingerprints that let the audit compare values without seeing them.",
    );
  } else if (inputs.fingerprintKey.length < 16) {
    problems.push("Input 'fingerprint-key' must be at least 16 characters long.");
  }

  if (problems.length === 1) throw new ConfigurationError(problems[0]);
  if (problems.length > 1)
    throw new ConfigurationError(`${problems.length} inputs are invalid:\n- ${problems.join('\n- ')}`);
  return {
    name: inputs.name,
    repository,
    instances,
    generator,
    target,
    maxAgeMs,
    force: inputs.force,
    dryRun: inputs.dryRun,
    graceMs,
    fingerprintKey: inputs.fingerprintKey,
    pendingValues: parsePendingValues(inputs.pendingValues),
    concurrency: inputs.concurrency,
  };
}

/** The variable that keeps an instance's rotation state (phase, fingerprints, times; never values). */
export function stateVariableName(config: Pick<RotationConfig, 'name'>, instance: Pick<Instance, 'key'>): string {
  return rotationVariableName(config.name, instance.key);
}

/** The secret that holds the pending value while a rotation is in flight (the recovery input's source). */
export function pendingSecretName(config: Pick<RotationConfig, 'name'>): string {
  return `${config.name}_PENDING`;
}
