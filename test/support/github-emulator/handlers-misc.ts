/** Deploy keys, webhooks, issues/labels/comments, attestations, organization audit log. */
import { predicateMatches } from '../../../src/core/predicates.ts';
import { notFound } from './errors.ts';
import { renderComment, renderIssue, renderLabel } from './render.ts';
import {
  bodyObject,
  fail,
  int,
  noContent,
  ok,
  orgOf,
  paginate,
  repoOf,
  route,
  str,
  stringList,
  type Ctx,
  type Route,
} from './routes.ts';
import type { Attestation, Hook, Issue, Label, Repo } from './state.ts';

const defaultLabelColors: Record<string, string> = {
  bug: 'd73a4a',
  documentation: '0075ca',
  enhancement: 'a2eeef',
};

export function ensureLabel(
  ctx: Pick<Ctx, 'state'>,
  repo: Repo,
  name: string,
  color?: string,
  description?: string | null,
): Label {
  const existing = repo.labels.get(name.toLowerCase());
  if (existing) return existing;
  const label: Label = {
    id: ctx.state.nextId(),
    name,
    color: color ?? defaultLabelColors[name] ?? 'ededed',
    description: description ?? null,
    default: false,
  };
  repo.labels.set(name.toLowerCase(), label);
  return label;
}

/**
 * The repository of an issue request; 410 when the repository has issues turned off, as GitHub
 * answers (github-facts: issues-disabled-410).
 */
function issuesRepoOf(ctx: Ctx): Repo {
  const repo = repoOf(ctx);
  if (!repo.hasIssues) fail(410, 'Issues are disabled for this repo');
  return repo;
}

function issueOf(ctx: Ctx, repo: Repo): Issue {
  const issue = repo.issues.find((i) => i.number === int(ctx.params.issue_number));
  if (!issue) throw notFound();
  return issue;
}

function renderHook(ctx: Ctx, repo: Repo, h: Hook): Record<string, unknown> {
  const url = `${ctx.api}/repos/${repo.owner}/${repo.name}/hooks/${h.id}`;
  const config: Record<string, unknown> = { ...h.config };
  if (typeof config.secret === 'string' && config.secret !== '') config.secret = '********';
  return {
    type: 'Repository',
    id: h.id,
    name: h.name,
    active: h.active,
    events: h.events,
    config,
    updated_at: h.updatedAt,
    created_at: h.createdAt,
    url,
    test_url: `${url}/test`,
    ping_url: `${url}/pings`,
    deliveries_url: `${url}/deliveries`,
    last_response: { code: null, status: 'unused', message: null },
  };
}

function renderKey(ctx: Ctx, repo: Repo, k: Repo['deployKeys'][number]): Record<string, unknown> {
  return {
    id: k.id,
    key: k.key,
    url: `${ctx.api}/repos/${repo.owner}/${repo.name}/keys/${k.id}`,
    title: k.title,
    verified: true,
    created_at: k.createdAt,
    read_only: k.readOnly,
    added_by: k.addedBy,
    last_used: null,
    enabled: true,
  };
}

/** The pre-signed blob URL of an attestation's bundle, outside the API namespace (see blobs in server.ts). */
export function attestationBlobUrl(base: string, a: Attestation): string {
  return `${base}/_blobs/attestations/${a.id}?sv=2025-01-05&se=2099-01-01T00%3A00%3A00Z&sp=r&sig=emulator-presigned-${a.id}`;
}

/**
 * One page of attestations for a digest. Like GitHub: `bundle: null` and a `bundle_url` (fact
 * `attestation-bundle-by-url` in github-facts.ts; the older inline shape only where a seed asks),
 * and cursor pagination with `before`/`after` from the `Link` header (the operation's
 * `pagination-before`/`pagination-after` parameters), `per_page` up to 100 (default 30).
 */
function attestationResult(
  ctx: Ctx,
  list: Attestation[],
): { status: number; body: unknown; headers: Record<string, string> } {
  const digest = str(ctx.params.subject_digest);
  const predicate = str(ctx.query.predicate_type);
  // Fact `attestation-predicate-type-filter` (github-facts.ts): a shorthand stands for the types the
  // client's table says (src/core/predicates.ts, shared so that both read it the same way); any
  // other value is a predicate type, matched exactly.
  const matches = list.filter(
    (a) =>
      a.digest.toLowerCase() === digest.toLowerCase() && (!predicate || predicateMatches(predicate, a.predicateType)),
  );
  if (matches.length === 0) fail(404, 'Not Found');
  const perPage = Math.min(Math.max(int(ctx.query.per_page) ?? 30, 1), 100);
  const cursorOf = (a: Attestation): string => Buffer.from(`attestation:${a.id}`).toString('base64url');
  const positionOf = (cursor: string, name: string): number => {
    const m = /^attestation:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
    const index = m ? matches.findIndex((a) => a.id === Number(m[1])) : -1;
    if (index < 0) fail(422, `Invalid cursor in ${name}`);
    return index;
  };
  let start = 0;
  const after = str(ctx.query.after);
  const before = str(ctx.query.before);
  if (after) start = positionOf(after, 'after') + 1;
  else if (before) start = Math.max(0, positionOf(before, 'before') - perPage);
  const end = before && !after ? positionOf(before, 'before') : Math.min(matches.length, start + perPage);
  const page = matches.slice(start, end);
  const link = (params: Record<string, string>): string => {
    const u = new URL(`${ctx.api}${ctx.url.pathname}`);
    if (predicate) u.searchParams.set('predicate_type', predicate);
    u.searchParams.set('per_page', String(perPage));
    for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v);
    return u.toString();
  };
  const rels: string[] = [];
  const last = page[page.length - 1];
  const first = page[0];
  if (last && end < matches.length) rels.push(`<${link({ after: cursorOf(last) })}>; rel="next"`);
  if (first && start > 0) rels.push(`<${link({ before: cursorOf(first) })}>; rel="prev"`);
  const headers: Record<string, string> = rels.length > 0 ? { link: rels.join(', ') } : {};
  return {
    status: 200,
    headers,
    body: {
      attestations: page.map((a) => ({
        bundle: a.shape === 'inline' ? a.bundle : null,
        repository_id: a.repositoryId,
        ...(a.shape === 'none' ? {} : { bundle_url: attestationBlobUrl(ctx.api, a) }),
        initiator: a.initiator,
      })),
    },
  };
}

/** GitHub audit-log search phrase: `key:value` qualifiers (action, actor, user, repo, org, created, operation), `-key:` negation. */
function matchesPhrase(event: Record<string, unknown>, phrase: string): boolean {
  const tokens = phrase.match(/-?[\w.@]+:(?:"[^"]*"|\S+)|\S+/g) ?? [];
  for (const token of tokens) {
    const negate = token.startsWith('-');
    const body = negate ? token.slice(1) : token;
    const idx = body.indexOf(':');
    let result: boolean;
    if (idx < 0) {
      result = JSON.stringify(event).toLowerCase().includes(body.toLowerCase());
    } else {
      const key = body.slice(0, idx);
      const value = body.slice(idx + 1).replace(/^"|"$/g, '');
      result = qualifier(event, key, value);
    }
    if (result === negate) return false;
  }
  return true;
}

function eventTime(event: Record<string, unknown>): number {
  const t = event['@timestamp'] ?? event.created_at;
  if (typeof t === 'number') return t;
  if (typeof t === 'string') return Date.parse(t);
  return 0;
}

function qualifier(event: Record<string, unknown>, key: string, value: string): boolean {
  switch (key) {
    case 'action': {
      const action = str(event.action);
      return value.includes('.') ? action === value : action === value || action.startsWith(`${value}.`);
    }
    case 'actor':
    case 'user':
    case 'org':
    case 'repo':
    case 'team':
    case 'operation':
      return str(event[key === 'operation' ? 'operation_type' : key]).toLowerCase() === value.toLowerCase();
    case 'created': {
      const t = eventTime(event);
      const day = (s: string, end: boolean): number => {
        const ms = Date.parse(s);
        return /^\d{4}-\d{2}-\d{2}$/.test(s) && end ? ms + 86_400_000 - 1 : ms;
      };
      if (value.includes('..')) {
        const [from, to] = value.split('..');
        return (from === '*' || !from || t >= day(from, false)) && (to === '*' || !to || t <= day(to, true));
      }
      const m = /^(>=|<=|>|<)?(.+)$/.exec(value);
      const op = m?.[1] ?? '';
      const v = m?.[2] ?? value;
      if (op === '>=') return t >= day(v, false);
      if (op === '>') return t > day(v, true);
      if (op === '<=') return t <= day(v, true);
      if (op === '<') return t < day(v, false);
      return t >= day(v, false) && t <= day(v, true);
    }
    default:
      return str(event[key]).toLowerCase() === value.toLowerCase();
  }
}

export function miscRoutes(): Route[] {
  return [
    // Deploy keys
    route('GET', '/repos/{owner}/{repo}/keys', { administration: 'read' }, (ctx) => {
      const repo = repoOf(ctx);
      const headers: Record<string, string> = {};
      return ok(
        paginate(ctx, repo.deployKeys, headers).map((k) => renderKey(ctx, repo, k)),
        200,
        headers,
      );
    }),
    route('POST', '/repos/{owner}/{repo}/keys', { administration: 'write' }, (ctx) => {
      const repo = repoOf(ctx);
      const body = bodyObject(ctx);
      const key = str(body.key).trim();
      if (
        !/^(ssh-(rsa|ed25519|dss)|ecdsa-sha2-nistp(256|384|521)|sk-(ssh-ed25519|ecdsa-sha2-nistp256)@openssh\.com) [A-Za-z0-9+/=]+/.test(
          key,
        )
      )
        fail(422, 'Validation Failed', {
          errors: [
            {
              resource: 'PublicKey',
              code: 'custom',
              field: 'key',
              message: 'key is invalid. You must supply a key in OpenSSH public key format',
            },
          ],
        });
      const normalized = key.split(/\s+/).slice(0, 2).join(' ');
      if (repo.deployKeys.some((k) => k.key === normalized))
        fail(422, 'Validation Failed', {
          errors: [{ resource: 'PublicKey', code: 'custom', field: 'key', message: 'key is already in use' }],
        });
      const k = {
        id: ctx.state.nextId(),
        key: normalized,
        title: str(body.title) || normalized.slice(0, 20),
        readOnly: body.read_only !== false,
        createdAt: ctx.state.now(),
        addedBy: ctx.token.login,
      };
      repo.deployKeys.push(k);
      return ok(renderKey(ctx, repo, k), 201);
    }),
    route('GET', '/repos/{owner}/{repo}/keys/{key_id}', { administration: 'read' }, (ctx) => {
      const repo = repoOf(ctx);
      const k = repo.deployKeys.find((x) => x.id === int(ctx.params.key_id));
      if (!k) throw notFound();
      return ok(renderKey(ctx, repo, k));
    }),
    route('DELETE', '/repos/{owner}/{repo}/keys/{key_id}', { administration: 'write' }, (ctx) => {
      const repo = repoOf(ctx);
      const before = repo.deployKeys.length;
      repo.deployKeys = repo.deployKeys.filter((x) => x.id !== int(ctx.params.key_id));
      if (repo.deployKeys.length === before) throw notFound();
      return noContent();
    }),

    // Webhooks
    route('GET', '/repos/{owner}/{repo}/hooks', { repository_hooks: 'read' }, (ctx) => {
      const repo = repoOf(ctx);
      const headers: Record<string, string> = {};
      return ok(
        paginate(ctx, repo.hooks, headers).map((h) => renderHook(ctx, repo, h)),
        200,
        headers,
      );
    }),
    route('POST', '/repos/{owner}/{repo}/hooks', { repository_hooks: 'write' }, (ctx) => {
      const repo = repoOf(ctx);
      const body = bodyObject(ctx);
      const config =
        typeof body.config === 'object' && body.config !== null ? (body.config as Record<string, unknown>) : {};
      if (!str(config.url))
        fail(422, 'Validation Failed', {
          errors: [{ resource: 'Hook', code: 'custom', message: 'Config must include url' }],
        });
      const now = ctx.state.now();
      const h: Hook = {
        id: ctx.state.nextId(),
        name: str(body.name) || 'web',
        active: body.active !== false,
        events: Array.isArray(body.events) ? body.events.map((e) => str(e)) : ['push'],
        config: { content_type: 'form', insecure_ssl: '0', ...config },
        createdAt: now,
        updatedAt: now,
      };
      repo.hooks.push(h);
      return ok(renderHook(ctx, repo, h), 201);
    }),
    route('GET', '/repos/{owner}/{repo}/hooks/{hook_id}', { repository_hooks: 'read' }, (ctx) => {
      const repo = repoOf(ctx);
      const h = repo.hooks.find((x) => x.id === int(ctx.params.hook_id));
      if (!h) throw notFound();
      return ok(renderHook(ctx, repo, h));
    }),
    route('DELETE', '/repos/{owner}/{repo}/hooks/{hook_id}', { repository_hooks: 'write' }, (ctx) => {
      const repo = repoOf(ctx);
      const before = repo.hooks.length;
      repo.hooks = repo.hooks.filter((x) => x.id !== int(ctx.params.hook_id));
      if (repo.hooks.length === before) throw notFound();
      return noContent();
    }),

    // Labels
    route('GET', '/repos/{owner}/{repo}/labels', { issues: 'read' }, (ctx) => {
      const repo = repoOf(ctx);
      const headers: Record<string, string> = {};
      return ok(
        paginate(ctx, [...repo.labels.values()], headers).map((l) => renderLabel(ctx, repo, l)),
        200,
        headers,
      );
    }),
    route('POST', '/repos/{owner}/{repo}/labels', { issues: 'write' }, (ctx) => {
      const repo = repoOf(ctx);
      const body = bodyObject(ctx);
      const name = str(body.name);
      if (repo.labels.has(name.toLowerCase()))
        fail(422, 'Validation Failed', { errors: [{ resource: 'Label', code: 'already_exists', field: 'name' }] });
      const label = ensureLabel(
        ctx,
        repo,
        name,
        str(body.color).replace(/^#/, '') || undefined,
        typeof body.description === 'string' ? body.description : null,
      );
      return ok(renderLabel(ctx, repo, label), 201);
    }),

    // Issues
    route('GET', '/repos/{owner}/{repo}/issues', { issues: 'read' }, (ctx) => {
      const repo = issuesRepoOf(ctx);
      const state = str(ctx.query.state) || 'open';
      const labels = stringList(ctx.query.labels).map((l) => l.toLowerCase());
      const creator = str(ctx.query.creator).toLowerCase();
      const assignee = str(ctx.query.assignee).toLowerCase();
      const since = str(ctx.query.since);
      let list = repo.issues.filter(
        (i) =>
          (state === 'all' || i.state === state) &&
          labels.every((l) => i.labels.some((x) => x.toLowerCase() === l)) &&
          (!creator || i.user.toLowerCase() === creator) &&
          (!assignee ||
            (assignee === 'none'
              ? i.assignees.length === 0
              : assignee === '*'
                ? i.assignees.length > 0
                : i.assignees.some((a) => a.toLowerCase() === assignee))) &&
          (!since || i.updatedAt >= since),
      );
      const sort = str(ctx.query.sort) || 'created';
      const direction = str(ctx.query.direction) || 'desc';
      list = [...list].sort((a, b) => {
        const ka =
          sort === 'updated'
            ? a.updatedAt
            : sort === 'comments'
              ? String(a.comments.length).padStart(9, '0')
              : a.createdAt;
        const kb =
          sort === 'updated'
            ? b.updatedAt
            : sort === 'comments'
              ? String(b.comments.length).padStart(9, '0')
              : b.createdAt;
        const c = ka < kb ? -1 : ka > kb ? 1 : a.number - b.number;
        return direction === 'asc' ? c : -c;
      });
      const headers: Record<string, string> = {};
      return ok(
        paginate(ctx, list, headers).map((i) => renderIssue(ctx, repo, i)),
        200,
        headers,
      );
    }),
    route('POST', '/repos/{owner}/{repo}/issues', { issues: 'write' }, (ctx) => {
      const repo = issuesRepoOf(ctx);
      const body = bodyObject(ctx);
      const now = ctx.state.now();
      const labels = labelNames(body.labels);
      for (const l of labels) ensureLabel(ctx, repo, l);
      const issue: Issue = {
        id: ctx.state.nextId(),
        number: repo.issues.length + 1,
        title: str(body.title),
        body: typeof body.body === 'string' ? body.body : null,
        state: 'open',
        stateReason: null,
        labels,
        user: ctx.token.login,
        assignees: [...(typeof body.assignee === 'string' ? [body.assignee] : []), ...stringList(body.assignees)],
        comments: [],
        createdAt: now,
        updatedAt: now,
        closedAt: null,
      };
      repo.issues.push(issue);
      return ok(renderIssue(ctx, repo, issue), 201);
    }),
    route('GET', '/repos/{owner}/{repo}/issues/{issue_number}', { issues: 'read' }, (ctx) => {
      const repo = issuesRepoOf(ctx);
      return ok(renderIssue(ctx, repo, issueOf(ctx, repo)));
    }),
    route('PATCH', '/repos/{owner}/{repo}/issues/{issue_number}', { issues: 'write' }, (ctx) => {
      const repo = issuesRepoOf(ctx);
      const issue = issueOf(ctx, repo);
      const body = bodyObject(ctx);
      const now = ctx.state.now();
      if (typeof body.title === 'string' || typeof body.title === 'number') issue.title = String(body.title);
      if ('body' in body) issue.body = typeof body.body === 'string' ? body.body : null;
      if (body.state === 'open' || body.state === 'closed') {
        if (body.state !== issue.state) {
          issue.state = body.state;
          issue.closedAt = body.state === 'closed' ? now : null;
          issue.closedBy = body.state === 'closed' ? ctx.token.login : null;
          issue.stateReason = body.state === 'closed' ? str(body.state_reason) || 'completed' : 'reopened';
        }
      }
      if ('labels' in body) {
        issue.labels = labelNames(body.labels);
        for (const l of issue.labels) ensureLabel(ctx, repo, l);
      }
      if ('assignees' in body) issue.assignees = stringList(body.assignees);
      issue.updatedAt = now;
      return ok(renderIssue(ctx, repo, issue));
    }),
    route('GET', '/repos/{owner}/{repo}/issues/{issue_number}/comments', { issues: 'read' }, (ctx) => {
      const repo = issuesRepoOf(ctx);
      const issue = issueOf(ctx, repo);
      const headers: Record<string, string> = {};
      return ok(
        paginate(ctx, issue.comments, headers).map((c) => renderComment(ctx, repo, issue, c)),
        200,
        headers,
      );
    }),
    route('POST', '/repos/{owner}/{repo}/issues/{issue_number}/comments', { issues: 'write' }, (ctx) => {
      const repo = issuesRepoOf(ctx);
      const issue = issueOf(ctx, repo);
      const now = ctx.state.now();
      const c = {
        id: ctx.state.nextId(),
        body: str(bodyObject(ctx).body),
        user: ctx.token.login,
        createdAt: now,
        updatedAt: now,
      };
      issue.comments.push(c);
      issue.updatedAt = now;
      return ok(renderComment(ctx, repo, issue, c), 201);
    }),
    route('PATCH', '/repos/{owner}/{repo}/issues/comments/{comment_id}', { issues: 'write' }, (ctx) => {
      // Like GitHub, anyone with write access may edit any comment; updated_at then moves on.
      const repo = issuesRepoOf(ctx);
      const id = int(ctx.params.comment_id);
      for (const issue of repo.issues) {
        const c = issue.comments.find((x) => x.id === id);
        if (!c) continue;
        const now = ctx.state.now();
        c.body = str(bodyObject(ctx).body);
        c.updatedAt = now;
        issue.updatedAt = now;
        return ok(renderComment(ctx, repo, issue, c));
      }
      throw notFound();
    }),
    route('GET', '/repos/{owner}/{repo}/issues/{issue_number}/labels', { issues: 'read' }, (ctx) => {
      const repo = issuesRepoOf(ctx);
      const issue = issueOf(ctx, repo);
      return ok(issue.labels.map((l) => renderLabel(ctx, repo, ensureLabel(ctx, repo, l))));
    }),
    route('POST', '/repos/{owner}/{repo}/issues/{issue_number}/labels', { issues: 'write' }, (ctx) => {
      const repo = issuesRepoOf(ctx);
      const issue = issueOf(ctx, repo);
      const raw = Array.isArray(ctx.body) ? ctx.body : bodyObject(ctx).labels;
      for (const name of labelNames(raw)) {
        ensureLabel(ctx, repo, name);
        if (!issue.labels.some((l) => l.toLowerCase() === name.toLowerCase())) issue.labels.push(name);
      }
      issue.updatedAt = ctx.state.now();
      return ok(issue.labels.map((l) => renderLabel(ctx, repo, ensureLabel(ctx, repo, l))));
    }),

    // Attestations
    route('GET', '/repos/{owner}/{repo}/attestations/{subject_digest}', { attestations: 'read' }, (ctx) => {
      const repo = repoOf(ctx);
      return attestationResult(ctx, repo.attestations);
    }),
    route('GET', '/orgs/{org}/attestations/{subject_digest}', { attestations: 'read' }, (ctx) => {
      const org = orgOf(ctx);
      const all = [...ctx.state.repos.values()]
        .filter((r) => r.owner.toLowerCase() === org.login.toLowerCase())
        .flatMap((r) => r.attestations);
      return attestationResult(ctx, all);
    }),

    // Organization audit log (GitHub Enterprise Cloud; ghec.json)
    route(
      'GET',
      '/orgs/{org}/audit-log',
      { organization_administration: 'read' },
      (ctx) => {
        const org = orgOf(ctx);
        // Only GitHub Enterprise Cloud has the audit-log API (fact audit-log-enterprise-cloud-only).
        if (org.plan !== 'enterprise') fail(404, 'Not Found');
        // 1,750 queries per hour per user (fact audit-log-rate-limit): 429 with retry-after, or 403
        // with only the x-ratelimit-* headers (the primary limit's answer).
        const nowMs = Date.parse(ctx.state.now());
        const hour = 3_600_000;
        const recent = (org.auditLogQueries.get(ctx.token.token) ?? []).filter((t) => t > nowMs - hour);
        if (recent.length >= org.auditLogRateLimit) {
          const reset = (recent[0] ?? nowMs) + hour;
          org.auditLogQueries.set(ctx.token.token, recent);
          const forbidden = org.auditLogRateLimitStatus === 403;
          return {
            status: org.auditLogRateLimitStatus,
            body: {
              message: forbidden
                ? `API rate limit exceeded for ${ctx.token.login}.`
                : 'API rate limit exceeded for the audit log.',
              documentation_url:
                'https://docs.github.com/enterprise-cloud@latest/rest/orgs/orgs#get-the-audit-log-for-an-organization',
            },
            headers: {
              ...(forbidden ? {} : { 'retry-after': String(Math.max(1, Math.ceil((reset - nowMs) / 1000))) }),
              // A consistent set (used + remaining = limit), as the strict header checks require.
              'x-ratelimit-limit': String(org.auditLogRateLimit),
              'x-ratelimit-remaining': '0',
              'x-ratelimit-used': String(org.auditLogRateLimit),
              'x-ratelimit-reset': String(Math.ceil(reset / 1000)),
            },
          };
        }
        recent.push(nowMs);
        org.auditLogQueries.set(ctx.token.token, recent);
        const phrase = str(ctx.query.phrase);
        // Without a `created` qualifier, only the past three months (fact audit-log-three-month-default).
        const threeMonthsAgo = new Date(nowMs);
        threeMonthsAgo.setUTCMonth(threeMonthsAgo.getUTCMonth() - 3);
        const windowed = !/(^|\s)created:/.test(phrase);
        // GitHub keeps the current month and the six before it (same fact): older events are gone,
        // whatever the query asks (move the emulator clock to age events out).
        const kept = Date.UTC(new Date(nowMs).getUTCFullYear(), new Date(nowMs).getUTCMonth() - 6, 1);
        const include = str(ctx.query.include) || 'web';
        const order = str(ctx.query.order) || 'desc';
        const perPage = Math.min(Math.max(int(ctx.query.per_page) ?? 30, 1), 100);
        let events = org.auditLog
          .map((e, index) => ({ e, index }))
          .filter(({ e }) => {
            const git = str(e.action).startsWith('git.');
            if (include === 'web' && git) return false;
            if (include === 'git' && !git) return false;
            if (windowed && eventTime(e) < threeMonthsAgo.getTime()) return false;
            if (eventTime(e) < kept) return false;
            return !phrase || matchesPhrase(e, phrase);
          });
        events.sort((a, b) => eventTime(a.e) - eventTime(b.e) || a.index - b.index);
        if (order === 'desc') events.reverse();
        // Opaque cursors: position of the event's document id in this ordering.
        const cursorOf = (pos: number): string => Buffer.from(`pos:${pos}`).toString('base64url');
        const posOf = (cursor: string): number | undefined => {
          const m = /^pos:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
          return m?.[1] === undefined ? undefined : Number(m[1]);
        };
        let start = 0;
        let end = events.length;
        const after = str(ctx.query.after);
        const before = str(ctx.query.before);
        if (after) {
          const p = posOf(after);
          if (p === undefined) fail(422, 'Invalid cursor in after');
          start = p + 1;
          end = Math.min(events.length, start + perPage);
        } else if (before) {
          const p = posOf(before);
          if (p === undefined) fail(422, 'Invalid cursor in before');
          end = p;
          start = Math.max(0, end - perPage);
        } else {
          end = Math.min(events.length, perPage);
        }
        const page = events.slice(start, end);
        const headers: Record<string, string> = {};
        const rels: string[] = [];
        const link = (params: Record<string, string>): string => {
          const u = new URL(`${ctx.api}${ctx.url.pathname}`);
          if (phrase) u.searchParams.set('phrase', phrase);
          if (ctx.query.include !== undefined) u.searchParams.set('include', include);
          if (ctx.query.order !== undefined) u.searchParams.set('order', order);
          u.searchParams.set('per_page', String(perPage));
          for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v);
          return u.toString();
        };
        if (end < events.length && page.length > 0) rels.push(`<${link({ after: cursorOf(end - 1) })}>; rel="next"`);
        if (start > 0 && page.length > 0) rels.push(`<${link({ before: cursorOf(start) })}>; rel="prev"`);
        if (start > 0) rels.push(`<${link({})}>; rel="first"`);
        if (rels.length > 0) headers.link = rels.join(', ');
        events = page;
        return ok(
          events.map(({ e }) => e),
          200,
          headers,
        );
      },
      'ghec',
    ),
  ];
}

function labelNames(raw: unknown): string[] {
  if (typeof raw === 'string') return [raw];
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((l: unknown) => {
    if (typeof l === 'string') return [l];
    if (typeof l === 'object' && l !== null && typeof (l as { name?: unknown }).name === 'string')
      return [(l as { name: string }).name];
    return [];
  });
}
