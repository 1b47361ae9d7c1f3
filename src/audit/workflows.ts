import { parse as parseYaml } from 'yaml';
import type { WorkflowJob, WorkflowRecord } from './types.js';
import { checkYamlNesting } from '../core/nesting.js';

/**
 * Triggers that run with the base repository's secrets on code or data an outside contributor
 * controls: a fork's pull request (`pull_request_target`), a run a fork caused (`workflow_run`), or a
 * comment or review anyone can write on a public repository (`issue_comment`, `pull_request_review`,
 * `pull_request_review_comment`, which run in the base repository even for forks' pull requests).
 */
export const UNTRUSTED_TRIGGERS = [
  'pull_request_target',
  'workflow_run',
  'issue_comment',
  'pull_request_review',
  'pull_request_review_comment',
] as const;

/** Secrets every workflow has without anyone defining them. */
const BUILT_IN = new Set(['GITHUB_TOKEN']);

const SECRET_REF = /(?<![\w.-])secrets\s*(?:\.\s*([A-Za-z_][A-Za-z0-9_]*)|\[\s*'([A-Za-z_][A-Za-z0-9_]*)'\s*\])/g;

function triggersOf(on: unknown): string[] {
  if (typeof on === 'string') return [on];
  if (Array.isArray(on)) return on.filter((t): t is string => typeof t === 'string');
  if (on && typeof on === 'object') return Object.keys(on);
  return [];
}

/** Secret names referenced in a span of lines, with the 1-based line of each first reference. */
function secretRefs(lines: readonly string[], from: number, to: number): { name: string; line: number }[] {
  const seen = new Map<string, number>();
  for (let i = from; i < to; i++) {
    const line = lines[i] ?? '';
    if (/^\s*#/.test(line)) continue;
    // Secrets are read in expressions only: `${{ ... }}`, or an `if:` condition, which is one
    // without the braces. Elsewhere `secrets.x` is plain text (a file named audit-secrets.sarif).
    const text = /^\s*-?\s*if\s*:/.test(line)
      ? line
      : [...line.matchAll(/\$\{\{([^}]*)\}\}/g)].map((m) => m[1] ?? '').join(' ');
    for (const m of text.matchAll(SECRET_REF)) {
      const name = (m[1] ?? m[2] ?? '').toUpperCase();
      if (name && !BUILT_IN.has(name) && !seen.has(name)) seen.set(name, i + 1);
    }
  }
  return [...seen].map(([name, line]) => ({ name, line }));
}

/** A job's environment: its literal name, or `dynamic` when it is computed by an expression. */
function environmentOf(job: unknown): { environment?: string; dynamicEnvironment?: boolean } {
  if (!job || typeof job !== 'object') return {};
  const env = (job as Record<string, unknown>).environment;
  const name =
    typeof env === 'string'
      ? env
      : env && typeof env === 'object' && typeof (env as Record<string, unknown>).name === 'string'
        ? (env as Record<string, string>).name
        : undefined;
  if (name === undefined) return {};
  // `${{ matrix.env }}`, `prod-${{ inputs.region }}`: known only at run time.
  if (name.includes('${{')) return { dynamicEnvironment: true };
  return { environment: name };
}

/**
 * Reads a workflow file: its triggers, its jobs, the environment each job deploys to, and the
 * secrets each job references (including the workflow-level `env:` block, which every job sees).
 * Expressions built at run time (`secrets[format(...)]`) cannot be resolved and are not counted.
 */
export function parseWorkflow(path: string, text: string): WorkflowRecord {
  let doc: unknown;
  try {
    checkYamlNesting(text, path);
    doc = parseYaml(text);
  } catch (error) {
    return {
      path,
      triggers: [],
      jobs: [],
      parseError: error instanceof Error ? error.message.split('\n')[0] : String(error),
    };
  }
  if (!doc || typeof doc !== 'object') return { path, triggers: [], jobs: [], parseError: 'not a YAML mapping' };
  const root = doc as Record<string, unknown>;
  const triggers = triggersOf(root.on ?? root.true);
  const lines = text.split(/\r?\n/);
  const jobsObject = root.jobs && typeof root.jobs === 'object' ? (root.jobs as Record<string, unknown>) : {};
  const jobIds = Object.keys(jobsObject);
  // Find where each job's block starts: `  <id>:` under `jobs:`.
  const jobsLine = lines.findIndex((l) => /^jobs\s*:/.test(l));
  const starts = jobIds.map((id) => {
    const escaped = id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const re = new RegExp(`^\\s+['"]?${escaped}['"]?\\s*:`);
    const at = lines.findIndex((l, i) => i > jobsLine && re.test(l));
    return at < 0 ? lines.length : at;
  });
  const sortedStarts = [...starts].sort((a, b) => a - b);
  const shared = secretRefs(lines, 0, jobsLine < 0 ? lines.length : jobsLine);
  const wholesale =
    jobIds.some((id) => (jobsObject[id] as Record<string, unknown> | null)?.secrets === 'inherit') ||
    /toJSON\(\s*secrets\s*\)|(?<![\w.-])secrets\s*\[\s*(?!')/.test(text);
  const jobs: WorkflowJob[] = jobIds.map((id, i) => {
    const start = starts[i] ?? lines.length;
    const end = sortedStarts.find((s) => s > start) ?? lines.length;
    const own = secretRefs(lines, start, end);
    const names = new Set(own.map((r) => r.name));
    return {
      id,
      ...environmentOf(jobsObject[id]),
      secrets: [...own, ...shared.filter((r) => !names.has(r.name))],
    };
  });
  return { path, triggers, jobs, ...(wholesale ? { secretsWholesale: true } : {}) };
}
