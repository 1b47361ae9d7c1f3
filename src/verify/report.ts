/** Presenting results: job-summary section, annotation texts, audit records. */
import type { AuditRecord } from '../core/audit.js';
import type { SummarySection } from '../core/summary.js';
import type { ArtifactResult } from './types.js';

export function summarySection(results: readonly ArtifactResult[], verified: boolean): SummarySection {
  const count = (s: ArtifactResult['status']) => results.filter((r) => r.status === s).length;
  return {
    heading: verified ? 'Signatures verified' : 'Signature verification failed',
    lines: [
      `${count('verified')} verified, ${count('compensated')} compensated, ${count('failed')} failed, of ${results.length} artifacts.`,
    ],
    table: {
      headers: ['Artifact', 'Status', 'Method', 'Signer', 'Source', 'Signed', 'Digest', 'Reason'],
      // An empty cell would come out as an unclosed <td> from core.summary, so empty cells show a dash.
      rows: results.map((r) =>
        [
          r.artifact,
          r.status,
          r.method,
          r.signerIdentity ? `${r.signerIdentity}${r.issuer ? ` (${r.issuer})` : ''}` : '',
          r.sourceRepository ? `${r.sourceRepository}${r.sourceRef ? `@${r.sourceRef}` : ''}` : '',
          r.signingTime ?? '',
          r.digest,
          r.reason,
        ].map((cell) => cell || '-'),
      ),
    },
  };
}

export function failureMessage(r: ArtifactResult): string {
  return `${r.artifact}: not verified: ${r.reason}`;
}

export function auditRecord(r: ArtifactResult): AuditRecord {
  return {
    action: 'signature.verify',
    target: { scope: 'artifact', artifact: r.artifact, digest: r.digest || undefined },
    outcome: r.status === 'failed' ? 'failure' : 'success',
    details: {
      status: r.status,
      method: r.method,
      signer: r.signerIdentity,
      issuer: r.issuer,
      source_repository: r.sourceRepository,
      source_ref: r.sourceRef,
      log_index: r.logIndex,
      signing_time: r.signingTime,
      reason: r.reason,
    },
  };
}
