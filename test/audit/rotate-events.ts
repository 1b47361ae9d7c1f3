/**
 * Audit events exactly as rotate-secret emits them: the real rotation protocol
 * (src/secrets/protocol.ts) runs against an in-memory GitHub (secrets and variables) and a target
 * that accepts every value, and its AuditEmitter's events are returned with the variables it wrote
 * (rotation state and fingerprints). No event is shaped by hand.
 */
import { AuditEmitter, type AuditEvent } from '../../src/core/audit.ts';
import { runContext } from '../../src/core/context.ts';
import { describeDestination, parseConfig, type Destination } from '../../src/secrets/config.ts';
import type { SecretInfo, SecretsApi } from '../../src/secrets/github.ts';
import { InstanceRotation, type InstanceResult } from '../../src/secrets/protocol.ts';
import { NoTarget, type Target } from '../../src/secrets/targets/target.ts';

export const ROTATION_FINGERPRINT_KEY = 'audit-fixture-fingerprint-key-0123';

export interface ProtocolRun {
  readonly events: AuditEvent[];
  /** Variables rotate-secret wrote in its repository: `<NAME>_ROTATION_<INSTANCE>`, `<NAME>_FINGERPRINT_<INSTANCE>`. */
  readonly variables: { name: string; value: string }[];
  /** The current fingerprint of each instance, by instance name. */
  readonly fingerprints: Record<string, string>;
  readonly results: InstanceResult[];
}

/** A target like the command and PostgreSQL single-user ones: keeps `<NAME>_PENDING` during the rotation. */
function pendingCopyTarget(): Target {
  const base = new NoTarget();
  return {
    kind: 'command',
    keepsCurrentValid: false,
    keepsPendingCopy: true,
    needsPendingToCompletePromotion: false,
    prepare: () => base.prepare(),
    format: (g) => base.format(g),
    parse: (v) => base.parse(v),
    create: () => base.create(),
    set: () => base.set(),
    test: () => base.test(),
    rollback: () => base.rollback(),
    retire: () => base.retire(),
  };
}

export async function rotateWithProtocol(options: {
  /** The repository whose workflow runs rotate-secret (`owner/name`). */
  readonly repository: string;
  readonly name: string;
  readonly instances: readonly string[];
  readonly destinations?: readonly string[];
  /** When the rotation happens (every event carries it). */
  readonly at: string;
  /** Keep `<NAME>_PENDING` during the rotation (command / PostgreSQL single-user targets). */
  readonly pendingCopy?: boolean;
  readonly workflow?: string;
  readonly workflowRef?: string;
  readonly actor?: string;
}): Promise<ProtocolRun> {
  const [owner = '', repo = ''] = options.repository.split('/');
  const config = parseConfig(
    {
      name: options.name,
      instances: options.instances,
      destinations: options.destinations ?? [],
      generator: 'random',
      length: 32,
      alphabet: 'alphanumeric',
      passwordPolicy: '',
      generatorCommand: '',
      target: 'none',
      postgresUrl: '',
      postgresStrategy: 'alternating-users',
      postgresRoles: '',
      postgresSecretFormat: 'json',
      deployKeyRepository: '',
      deployKeyReadOnly: true,
      targetCommand: '',
      maxAge: '0',
      force: true,
      dryRun: false,
      grace: '0',
      fingerprintKey: ROTATION_FINGERPRINT_KEY,
      pendingValues: '',
      concurrency: 1,
    },
    { owner, repo },
  );
  const now = (): Date => new Date(options.at);
  const ctx = runContext({
    GITHUB_REPOSITORY: options.repository,
    GITHUB_RUN_ID: '77',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_ACTOR: options.actor ?? 'rotation-bot[bot]',
    GITHUB_WORKFLOW: options.workflow ?? 'rotate',
    GITHUB_JOB: 'rotate',
    ...(options.workflowRef ? { GITHUB_WORKFLOW_REF: options.workflowRef } : {}),
  });
  const audit = new AuditEmitter(ctx, [], now);
  const variables = new Map<string, string>();
  const secrets = new Map<string, SecretInfo>();
  const at = (d: Destination, name: string): string => `${describeDestination(d)}:${name}`;
  // Only what the protocol calls; the value itself is dropped on arrival.
  const api = {
    seal: () => Promise.resolve({ keyId: 'k', encrypted: '' }),
    getSecret: (d: Destination, name: string) => Promise.resolve(secrets.get(at(d, name))),
    putSecret: (d: Destination, name: string) => {
      secrets.set(at(d, name), { updatedAt: now().toISOString() });
      return Promise.resolve();
    },
    deleteSecret: (d: Destination, name: string) => {
      secrets.delete(at(d, name));
      return Promise.resolve();
    },
    getVariable: (_o: string, _r: string, name: string) => Promise.resolve(variables.get(name)),
    setVariable: (_o: string, _r: string, name: string, value: string) => {
      variables.set(name, value);
      return Promise.resolve();
    },
  } as unknown as SecretsApi;
  const claimed = new Map<string, string>();
  const results: InstanceResult[] = [];
  for (const instance of config.instances) {
    const rotation = new InstanceRotation(
      {
        config,
        api,
        audit,
        target: options.pendingCopy ? pendingCopyTarget() : new NoTarget(),
        now,
        runId: '7001/1',
        log: () => {},
        warn: () => {},
        claim: (fp, name) => {
          const other = claimed.get(fp);
          claimed.set(fp, name);
          return other === undefined || other === name;
        },
      },
      instance,
    );
    results.push(await rotation.run());
  }
  const failed = results.filter((r) => r.status !== 'rotated');
  if (failed.length > 0) throw new Error(`the fixture rotation failed: ${JSON.stringify(failed)}`);
  return {
    events: [...audit.events],
    variables: [...variables].map(([name, value]) => ({ name, value })),
    fingerprints: Object.fromEntries(
      results.flatMap((r) => (r.status === 'rotated' ? [[r.instance, r.fingerprint] as const] : [])),
    ),
    results,
  };
}
