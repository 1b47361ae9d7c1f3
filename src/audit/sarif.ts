import type { Finding, FindingKind, Severity } from './types.js';

/** Short descriptions of each rule, for the SARIF driver and the docs. */
export const RULES: Readonly<Record<FindingKind, string>> = {
  'stale-secret': 'Secret older than max-age',
  'never-rotated': 'Secret never rotated by rotate-secret',
  'shared-value': 'One secret value shared by several secrets',
  'unauthorized-write': 'Secret written by other than an allowed rotation workflow',
  'unlogged-write': 'Secret written without a ledger event',
  'ledger-tampered': 'Audit ledger hash chain broken',
  'missing-secret': 'Workflow references a secret that is not defined',
  'unused-secret': 'Secret referenced by no workflow',
  'untrusted-trigger-exposure': 'Secrets available to pull_request_target or workflow_run',
  'environment-without-reviewers': 'Deployment environment without required reviewers',
  'trust-anchor-review-overdue': 'Trust anchor past its review date',
  'secret-read-untrusted-trigger': 'Production secret handed to a run from a fork or an untrusted trigger',
  'secret-read-unprotected-ref': 'Production secret read by a job on an unprotected ref',
  'secret-read-unlisted-reader': 'Secret read by a workflow its readers policy does not allow',
  'secret-read-new-reader': 'Secret read by a workflow for the first time',
  'unread-secret': 'Production secret no job read for the configured number of days',
  'unlogged-removal': 'Secret removed without a ledger event',
};

const LEVEL: Readonly<Record<Severity, 'error' | 'warning' | 'note'>> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
};

const SECURITY_SEVERITY: Readonly<Record<Severity, string>> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.0',
  low: '2.0',
};

/**
 * SARIF 2.1.0 for code scanning: one rule per finding kind, one result per finding, located at the
 * workflow or ledger line when there is one (code scanning needs a location; other findings point
 * at `.github`), with the finding fingerprint as the partial fingerprint so alerts stay stable.
 */
export function toSarif(findings: readonly Finding[], version: string): Record<string, unknown> {
  const kinds = Object.keys(RULES) as FindingKind[];
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'secure-deploy audit-secrets',
            version,
            informationUri: 'https://owaspsamm.org/model/implementation/secure-deployment/',
            rules: kinds.map((id) => ({
              id,
              name: id.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase()),
              shortDescription: { text: RULES[id] },
              properties: { tags: ['security', 'secrets'] },
            })),
          },
        },
        results: findings.map((f) => ({
          ruleId: f.kind,
          ruleIndex: kinds.indexOf(f.kind),
          level: LEVEL[f.severity],
          message: { text: `${f.title} (${f.scope}). ${f.evidence.join(' ')} Likely root cause: ${f.rootCause}` },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: f.file ?? '.github' },
                ...(f.line ? { region: { startLine: f.line } } : {}),
              },
              logicalLocations: [{ name: f.subject, kind: 'object', fullyQualifiedName: `${f.scope}/${f.subject}` }],
            },
          ],
          partialFingerprints: { secureDeployFinding: f.fingerprint },
          properties: { 'security-severity': SECURITY_SEVERITY[f.severity], severity: f.severity, scope: f.scope },
        })),
      },
    ],
  };
}
