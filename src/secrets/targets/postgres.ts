/**
 * PostgreSQL roles as a rotation target, through an admin connection.
 *
 * - alternating-users: two roles with the same grants. The rotation sets a new password on the
 *   role GitHub's value does NOT use, logs in with it, then points the secret at that role. The
 *   other role keeps its password until the next rotation: there is no instant at which the
 *   value GitHub holds fails to log in.
 * - single-user: one role. From `set` until every destination holds the new value, the value
 *   GitHub holds no longer logs in (the window). The pending value is kept in the `<NAME>_PENDING`
 *   secret; a later run completes the rotation with it (input `pending-values`), or without it
 *   sets and promotes a fresh value.
 *
 * Passwords are sent as SCRAM-SHA-256 verifiers computed here, so neither the server log
 * (`log_statement`) nor `pg_stat_activity` ever holds the password; the verifier is a quoted
 * literal (`escapeLiteral`), the role a quoted identifier.
 */
import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';
import pg from 'pg';
import { maskSecret } from '../../core/mask.js';
import type { Instance, TargetSpec } from '../config.js';
import type { Generated } from '../generate.js';
import type { RotationState } from '../state.js';
import { NotAppliedError, type Target, type TargetMeta } from './target.js';

type PostgresSpec = Extract<TargetSpec, { kind: 'postgres' }>;

const SCRAM_ITERATIONS = 4096;

/** The SCRAM-SHA-256 verifier PostgreSQL stores for a password (RFC 5802/7677; what libpq's PQencryptPasswordConn makes). */
export function scramVerifier(password: string, salt: Buffer = randomBytes(16), iterations = SCRAM_ITERATIONS): string {
  const salted = pbkdf2Sync(Buffer.from(password, 'utf8'), salt, iterations, 32, 'sha256');
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  const storedKey = createHash('sha256').update(clientKey).digest();
  const serverKey = createHmac('sha256', salted).update('Server Key').digest();
  return `SCRAM-SHA-256$${iterations}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}

/** SASLprep leaves printable ASCII unchanged, so a verifier computed here matches the server's check. */
function verifierSafe(password: string): boolean {
  return /^[\x21-\x7e]+$/.test(password);
}

interface Endpoint {
  readonly host: string;
  readonly port: number;
  readonly database: string;
}

function endpoint(url: string): Endpoint {
  const u = new URL(url);
  return {
    host: decodeURIComponent(u.hostname.replace(/^\[|\]$/g, '')) || '127.0.0.1',
    port: u.port ? Number(u.port) : 5432,
    database: decodeURIComponent(u.pathname.replace(/^\//, '')) || 'postgres',
  };
}

function describePgError(error: unknown, who: string, where: Endpoint): string {
  const e = error as { code?: unknown; message?: unknown };
  const code = typeof e.code === 'string' ? e.code : '';
  const message = typeof e.message === 'string' ? e.message : String(error);
  const at = `${where.host}:${where.port}/${where.database}`;
  if (code === '28P01' || code === '28000')
    return `PostgreSQL at ${at} refused the ${who} login (${code}: ${message}).`;
  if (
    code === 'ECONNREFUSED' ||
    code === 'ETIMEDOUT' ||
    code === 'EHOSTUNREACH' ||
    /timeout|ECONNREFUSED/i.test(message)
  ) {
    return `PostgreSQL at ${at} is not reachable (${code || message}).`;
  }
  if (code === '57P03' || code === '57P01') return `PostgreSQL at ${at} is starting up or shutting down (${code}).`;
  return `PostgreSQL at ${at} failed for the ${who} connection (${code ? `${code}: ` : ''}${message}).`;
}

export class PostgresTarget implements Target {
  readonly kind = 'postgres';
  readonly keepsCurrentValid: boolean;
  readonly keepsPendingCopy = true;
  readonly needsPendingToCompletePromotion: boolean;
  private readonly spec: PostgresSpec;
  private readonly adminUrl: string;
  private readonly roles: readonly string[];
  private readonly where: Endpoint;

  constructor(spec: PostgresSpec, instance: Instance) {
    this.spec = spec;
    const url = spec.adminUrls.get(instance.name) ?? spec.adminUrls.get('*') ?? '';
    maskSecret(url);
    this.adminUrl = url;
    this.where = endpoint(url);
    this.roles = spec.roles.map((r) => r.replace(/\{instance\}/g, instance.name));
    this.keepsCurrentValid = spec.strategy === 'alternating-users';
    this.needsPendingToCompletePromotion = spec.strategy === 'alternating-users';
  }

  prepare(state: RotationState): TargetMeta {
    if (state.pending?.role && this.roles.includes(state.pending.role)) return { role: state.pending.role };
    if (this.spec.strategy === 'single-user') return { role: this.roles[0] ?? '' };
    // The role GitHub's value uses stays untouched; on the first rotation the first role is taken as current.
    const current = state.current?.role ?? this.roles[0];
    return { role: this.roles.find((r) => r !== current) ?? this.roles[1] ?? '' };
  }

  /** alternating-users: before the first rotation GitHub's value is taken to log in as the first role. */
  assumedCurrent(): TargetMeta | undefined {
    if (this.spec.strategy !== 'alternating-users') return undefined;
    const role = this.roles[0];
    return role === undefined ? undefined : { role };
  }

  format(generated: Generated, meta: TargetMeta): string {
    const role = meta.role ?? '';
    let out: string;
    switch (this.spec.format) {
      case 'password':
        out = generated.value;
        break;
      case 'url': {
        const u = new URL(this.adminUrl);
        u.username = encodeURIComponent(role);
        u.password = encodeURIComponent(generated.value);
        out = u.toString();
        break;
      }
      case 'json':
        out = JSON.stringify({
          username: role,
          password: generated.value,
          host: this.where.host,
          port: this.where.port,
          database: this.where.database,
        });
        break;
    }
    maskSecret(out);
    return out;
  }

  parse(value: string, meta: TargetMeta): Generated {
    let password = value;
    let user = meta.role;
    // Parse errors are replaced by fixed messages: JSON.parse and URL quote the input they refuse.
    if (this.spec.format === 'json') {
      let doc: unknown;
      try {
        doc = JSON.parse(value);
      } catch {
        throw new Error('the pending value is not the JSON document this action writes');
      }
      const d = (doc ?? {}) as { username?: unknown; password?: unknown };
      if (typeof d.password !== 'string')
        throw new Error('the pending value is not the JSON document this action writes');
      password = d.password;
      user = typeof d.username === 'string' ? d.username : user;
    } else if (this.spec.format === 'url') {
      let u: URL;
      try {
        u = new URL(value);
        password = decodeURIComponent(u.password);
        user = decodeURIComponent(u.username);
      } catch {
        throw new Error('the pending value is not the connection URL this action writes');
      }
    }
    if (user !== meta.role) throw new Error(`the pending value is for role '${user ?? ''}', not '${meta.role ?? ''}'`);
    maskSecret(password);
    return { value: password };
  }

  private async connect(user: string | undefined, password: string | undefined, who: string): Promise<pg.Client> {
    // A connection string's user and password win over separate fields in `pg`: build one per login.
    let connectionString = this.adminUrl;
    if (user !== undefined) {
      const u = new URL(this.adminUrl);
      u.username = encodeURIComponent(user);
      u.password = encodeURIComponent(password ?? '');
      connectionString = u.toString();
    }
    const client = new pg.Client({ connectionString, connectionTimeoutMillis: 10_000, query_timeout: 30_000 });
    client.on('error', () => undefined);
    try {
      await client.connect();
    } catch (error) {
      await client.end().catch(() => undefined);
      throw new NotAppliedError(describePgError(error, who, this.where));
    }
    return client;
  }

  /**
   * Refuses a password that is not printable ASCII without spaces before anything changes: only
   * those are sent as a SCRAM verifier; anything else would reach the server (and its log) in
   * plain text in ALTER ROLE.
   */
  create(generated: Generated): Promise<void> {
    if (!verifierSafe(generated.value)) {
      return Promise.reject(
        new NotAppliedError(
          'The new password contains a space, a control character or a character outside ASCII: PostgreSQL would receive it in plain text. Use a generator whose values are printable ASCII without spaces (e.g. generator random). Nothing was changed.',
        ),
      );
    }
    return Promise.resolve();
  }

  async set(generated: Generated, meta: TargetMeta): Promise<TargetMeta> {
    const role = meta.role ?? '';
    const client = await this.connect(undefined, undefined, 'admin');
    try {
      const exists = await client.query<{ rolcanlogin: boolean }>(
        'SELECT rolcanlogin FROM pg_roles WHERE rolname = $1',
        [role],
      );
      if (exists.rowCount === 0) {
        throw new NotAppliedError(
          `PostgreSQL role '${role}' does not exist at ${this.where.host}:${this.where.port}. Create it${this.spec.strategy === 'alternating-users' ? ' with the same grants as the other role (e.g. both members of one group role)' : ''}.`,
        );
      }
      if (exists.rows[0]?.rolcanlogin !== true)
        throw new NotAppliedError(`PostgreSQL role '${role}' cannot log in (NOLOGIN).`);
      // Never a plain-text password in a statement (create refuses such values first).
      if (!verifierSafe(generated.value)) {
        throw new NotAppliedError(
          'The new password is not printable ASCII without spaces; it is never sent in plain text.',
        );
      }
      const sql = `ALTER ROLE ${client.escapeIdentifier(role)} PASSWORD ${client.escapeLiteral(scramVerifier(generated.value))}`;
      try {
        await client.query(sql);
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        // The server answered with an error: the password did not change.
        if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) {
          const hint =
            code === '42501' ? ' The admin role needs CREATEROLE (or to be superuser) to change passwords.' : '';
          throw new NotAppliedError(`PostgreSQL refused to change the password of role '${role}' (${code}).${hint}`);
        }
        throw new Error(
          `The connection to PostgreSQL was lost while changing the password of role '${role}': it may or may not have changed.`,
        );
      }
    } finally {
      await client.end().catch(() => undefined);
    }
    return { role };
  }

  async test(generated: Generated, meta: TargetMeta): Promise<void> {
    const role = meta.role ?? '';
    const client = await this.connect(role, generated.value, `'${role}'`).catch((error: unknown) => {
      throw new Error(
        `Logging in as '${role}' with the new password failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    });
    try {
      const r = await client.query<{ u: string }>('SELECT current_user AS u');
      if (r.rows[0]?.u !== role) throw new Error(`Logged in as '${r.rows[0]?.u ?? ''}', not '${role}'.`);
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  /** alternating-users: the idle role's new password is unused: nothing to undo. */
  async rollback(): Promise<void> {}

  /** The previous role keeps its password until the next rotation sets a new one: nothing to retire. */
  async retire(): Promise<void> {}
}
