import { readFileSync } from 'node:fs';

/** Facts about the workflow run, from the variables the runner sets. */
export interface RunContext {
  readonly repository: string;
  readonly owner: string;
  readonly repo: string;
  readonly runId: number | undefined;
  readonly runAttempt: number | undefined;
  readonly actor: string;
  readonly triggeringActor: string;
  readonly ref: string;
  readonly sha: string;
  readonly workflow: string;
  readonly workflowRef: string;
  readonly job: string;
  readonly eventName: string;
  readonly serverUrl: string;
  readonly apiUrl: string;
  readonly workspace: string;
  readonly runnerTemp: string;
  readonly event: Readonly<Record<string, unknown>>;
}

function optionalNumber(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d+$/.test(value)) return undefined;
  return Number(value);
}

function readEvent(path: string | undefined): Record<string, unknown> {
  if (!path) return {};
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export function runContext(env: NodeJS.ProcessEnv = process.env): RunContext {
  const repository = env.GITHUB_REPOSITORY ?? '';
  const [owner = '', repo = ''] = repository.split('/');
  return {
    repository,
    owner,
    repo,
    runId: optionalNumber(env.GITHUB_RUN_ID),
    runAttempt: optionalNumber(env.GITHUB_RUN_ATTEMPT),
    actor: env.GITHUB_ACTOR ?? '',
    triggeringActor: env.GITHUB_TRIGGERING_ACTOR ?? env.GITHUB_ACTOR ?? '',
    ref: env.GITHUB_REF ?? '',
    sha: env.GITHUB_SHA ?? '',
    workflow: env.GITHUB_WORKFLOW ?? '',
    workflowRef: env.GITHUB_WORKFLOW_REF ?? '',
    job: env.GITHUB_JOB ?? '',
    eventName: env.GITHUB_EVENT_NAME ?? '',
    serverUrl: (env.GITHUB_SERVER_URL ?? 'https://github.com').replace(/\/+$/, ''),
    apiUrl: (env.GITHUB_API_URL ?? 'https://api.github.com').replace(/\/+$/, ''),
    workspace: env.GITHUB_WORKSPACE ?? process.cwd(),
    runnerTemp: env.RUNNER_TEMP ?? '',
    event: readEvent(env.GITHUB_EVENT_PATH),
  };
}

/** Link to the run page, for summaries, issues and deployment payloads. */
export function runUrl(ctx: RunContext): string {
  return ctx.runId === undefined ? '' : `${ctx.serverUrl}/${ctx.repository}/actions/runs/${ctx.runId}`;
}
