/**
 * Reads GitHub workflow files for the facts the assessment needs: what triggers them, which jobs
 * run which secure-deploy actions with which inputs, and which environments gate those jobs.
 */
import { parse } from 'yaml';
import { checkYamlNesting } from '../core/nesting.js';

export type SuiteAction = 'deploy-gate' | 'verify-signatures' | 'require-approval' | 'rotate-secret' | 'audit-secrets';

export interface SuiteStep {
  readonly action: SuiteAction;
  readonly uses: string;
  readonly with: Readonly<Record<string, string>>;
  readonly continueOnError: boolean;
}

export interface WorkflowJob {
  readonly id: string;
  readonly environment: string | undefined;
  readonly continueOnError: boolean;
  readonly steps: readonly SuiteStep[];
  /** `uses:` of every step, ours or not, to spot signing and attestation steps. */
  readonly uses: readonly string[];
  readonly runs: readonly string[];
}

export interface WorkflowFacts {
  readonly path: string;
  readonly triggers: readonly string[];
  readonly releaseTagTriggered: boolean;
  readonly scheduled: boolean;
  readonly jobs: readonly WorkflowJob[];
  /** Set when the file could not be read as a workflow; the facts are then empty. */
  readonly error?: string;
}

const SUITE_ACTIONS: readonly SuiteAction[] = [
  'verify-signatures',
  'require-approval',
  'rotate-secret',
  'audit-secrets',
];

/**
 * Which of our actions a `uses:` names: `owner/secure-deploy@ref` is the deploy gate,
 * `owner/secure-deploy/actions/<name>@ref` (or a local `./actions/<name>`) the sub-actions.
 */
export function suiteActionOf(uses: string, repoName = 'secure-deploy'): SuiteAction | undefined {
  const at = uses.lastIndexOf('@');
  const path = (at >= 0 ? uses.slice(0, at) : uses).replace(/\/+$/, '');
  const parts = path.split('/');
  const sub = parts.at(-2) === 'actions' ? parts.at(-1) : undefined;
  const isOurs = parts[1] === repoName || path.startsWith('./');
  if (!isOurs) return undefined;
  if (sub !== undefined) return SUITE_ACTIONS.find((a) => a === sub);
  return parts.length === 2 ? 'deploy-gate' : undefined;
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function triggersOf(on: unknown): { names: string[]; tags: boolean } {
  if (typeof on === 'string') return { names: [on], tags: on === 'release' };
  if (Array.isArray(on)) {
    const names = on.filter((t): t is string => typeof t === 'string');
    return { names, tags: names.includes('release') };
  }
  const map = record(on);
  const push = record(map.push);
  const tags = 'tags' in push || 'release' in map;
  return { names: Object.keys(map), tags };
}

function truthy(value: unknown): boolean {
  return value === true || value === 'true';
}

function stringMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(record(value))) out[k] = typeof v === 'string' ? v : JSON.stringify(v);
  return out;
}

export function parseWorkflow(path: string, text: string, repoName = 'secure-deploy'): WorkflowFacts {
  let doc: unknown;
  try {
    checkYamlNesting(text, path);
    doc = parse(text);
  } catch (error) {
    return {
      path,
      triggers: [],
      releaseTagTriggered: false,
      scheduled: false,
      jobs: [],
      error: `not valid YAML: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
    };
  }
  const root = record(doc);
  // YAML 1.1 readers turn a bare `on:` key into `true`; the yaml package (1.2) keeps "on".
  const { names, tags } = triggersOf(root.on ?? root.true);
  const jobs: WorkflowJob[] = Object.entries(record(root.jobs)).map(([id, jobValue]) => {
    const job = record(jobValue);
    const env = job.environment;
    const environment =
      typeof env === 'string' ? env : typeof record(env).name === 'string' ? (record(env).name as string) : undefined;
    const rawSteps = Array.isArray(job.steps) ? job.steps.map(record) : [];
    const steps: SuiteStep[] = [];
    for (const step of rawSteps) {
      if (typeof step.uses !== 'string') continue;
      const action = suiteActionOf(step.uses, repoName);
      if (action) {
        steps.push({
          action,
          uses: step.uses,
          with: stringMap(step.with),
          continueOnError: truthy(step['continue-on-error']),
        });
      }
    }
    return {
      id,
      environment,
      continueOnError: truthy(job['continue-on-error']),
      steps,
      uses: rawSteps.map((s) => s.uses).filter((u): u is string => typeof u === 'string'),
      runs: rawSteps.map((s) => s.run).filter((r): r is string => typeof r === 'string'),
    };
  });
  return { path, triggers: names, releaseTagTriggered: tags, scheduled: names.includes('schedule'), jobs };
}
