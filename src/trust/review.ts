/**
 * Trust reviews: the trusted-signer list is governed data with review dates. An anchor whose
 * `review-by` has passed is an error (and verify-signatures refuses it); one due within N days is
 * a warning. CA and TSA certificates, CRLs and OpenPGP keys that have expired (or been revoked)
 * are errors; those expiring within N days are warnings.
 */
import * as openpgp from 'openpgp';
import { errorMessage } from '../core/errors.js';
import { notAfter, notBefore, subjectName } from './certs.js';
import { toArrayBuffer } from './pem.js';
import * as pkijs from 'pkijs';
import type { TrustAnchor, TrustPolicy } from './policy.js';

export type FindingKind =
  | 'review-overdue'
  | 'review-due'
  | 'certificate-expired'
  | 'certificate-expiring'
  | 'certificate-not-yet-valid'
  | 'crl-stale'
  | 'key-expired'
  | 'key-expiring'
  | 'key-revoked'
  | 'key-unreadable';

export interface ReviewFinding {
  severity: 'error' | 'warning';
  kind: FindingKind;
  anchorId: string;
  owner: string;
  thirdParty: boolean;
  /** The date concerned (`YYYY-MM-DD` or ISO time). */
  date: string;
  /** Whole days from `now` to `date` (negative when past). */
  days: number;
  /** Line of the anchor in the policy file. */
  line: number;
  message: string;
}

export interface AnchorSummary {
  id: string;
  type: TrustAnchor['type'];
  owner: string;
  reviewBy: string;
  thirdParty: boolean;
}

export interface TrustReview {
  policy: string;
  checkedAt: string;
  /** The warning window in days. */
  days: number;
  anchors: AnchorSummary[];
  findings: ReviewFinding[];
  errors: number;
  warnings: number;
}

export interface ReviewOptions {
  /** Warn about what falls due within this many days (default 30). */
  days?: number;
  now?: Date;
}

const DAY = 86_400_000;

/** Reviews every anchor of the policy. Pure apart from reading OpenPGP keys (async). */
export async function reviewTrustPolicy(policy: TrustPolicy, options: ReviewOptions = {}): Promise<TrustReview> {
  const now = options.now ?? new Date();
  const days = options.days ?? 30;
  const findings: ReviewFinding[] = [];
  for (const anchor of policy.anchors) findings.push(...(await reviewAnchor(anchor, now, days)));
  findings.sort((a, b) => (a.severity === b.severity ? a.days - b.days : a.severity === 'error' ? -1 : 1));
  return {
    policy: policy.path,
    checkedAt: now.toISOString(),
    days,
    anchors: policy.anchors.map((a) => ({
      id: a.id,
      type: a.type,
      owner: a.owner,
      reviewBy: a.reviewBy,
      thirdParty: a.thirdParty,
    })),
    findings,
    errors: findings.filter((f) => f.severity === 'error').length,
    warnings: findings.filter((f) => f.severity === 'warning').length,
  };
}

/** The findings for one anchor. */
export async function reviewAnchor(anchor: TrustAnchor, now: Date, days: number): Promise<ReviewFinding[]> {
  const out: ReviewFinding[] = [];
  const add = (severity: ReviewFinding['severity'], kind: FindingKind, date: Date | string, message: string): void => {
    const when = typeof date === 'string' ? new Date(`${date}T00:00:00Z`) : date;
    out.push({
      severity,
      kind,
      anchorId: anchor.id,
      owner: anchor.owner,
      thirdParty: anchor.thirdParty,
      date: typeof date === 'string' ? date : date.toISOString(),
      days: Math.floor((when.getTime() - startOfDay(now).getTime()) / DAY),
      line: anchor.line,
      message,
    });
  };
  const who = `anchor ${anchor.id} (${anchor.type}${anchor.thirdParty ? ', third party' : ''}, owner ${anchor.owner})`;

  const reviewDay = new Date(`${anchor.reviewBy}T00:00:00Z`);
  const today = startOfDay(now);
  const dueIn = Math.floor((reviewDay.getTime() - today.getTime()) / DAY);
  if (dueIn < 0) {
    add(
      'error',
      'review-overdue',
      anchor.reviewBy,
      `${who}: review was due on ${anchor.reviewBy}, ${-dueIn} days ago; confirm the signer is still trusted and move review-by, or remove the anchor`,
    );
  } else if (dueIn <= days) {
    add('warning', 'review-due', anchor.reviewBy, `${who}: review is due on ${anchor.reviewBy}, in ${dueIn} days`);
  }

  const certs =
    anchor.type === 'x509-ca'
      ? [
          ...anchor.certificates.map((c) => ['CA certificate', c] as const),
          ...anchor.intermediates.map((c) => ['intermediate certificate', c] as const),
        ]
      : anchor.type === 'timestamp-authority'
        ? anchor.certificates.map((c) => ['TSA certificate', c] as const)
        : [];
  for (const [label, cert] of certs) {
    const end = notAfter(cert);
    const name = `${label} ${subjectName(cert)}`;
    const left = (end.getTime() - now.getTime()) / DAY;
    if (left < 0) add('error', 'certificate-expired', end, `${who}: ${name} expired on ${end.toISOString()}`);
    else if (left <= days)
      add(
        'warning',
        'certificate-expiring',
        end,
        `${who}: ${name} expires on ${end.toISOString()}, in ${Math.floor(left)} days`,
      );
    if (notBefore(cert) > now)
      add(
        'warning',
        'certificate-not-yet-valid',
        notBefore(cert),
        `${who}: ${name} is not valid before ${notBefore(cert).toISOString()}`,
      );
  }
  if (anchor.type === 'x509-ca') {
    for (const der of anchor.crls) {
      try {
        const crl = pkijs.CertificateRevocationList.fromBER(toArrayBuffer(der));
        const next = crl.nextUpdate?.value;
        if (next && next < now)
          add(
            'error',
            'crl-stale',
            next,
            `${who}: its CRL was due for renewal on ${next.toISOString()}; signatures are refused until a fresh CRL is in place`,
          );
        else if (next && (next.getTime() - now.getTime()) / DAY <= days) {
          add('warning', 'crl-stale', next, `${who}: its CRL must be renewed by ${next.toISOString()}`);
        }
      } catch (error) {
        add('error', 'crl-stale', now, `${who}: its CRL cannot be parsed: ${errorMessage(error)}`);
      }
    }
  }
  if (anchor.type === 'openpgp') {
    try {
      const key = await openpgp.readKey({ armoredKey: anchor.armoredKey });
      if (key.getFingerprint().toLowerCase() !== anchor.fingerprint) {
        add(
          'error',
          'key-unreadable',
          now,
          `${who}: the key's fingerprint ${key.getFingerprint()} is not the pinned ${anchor.fingerprint}`,
        );
      } else if (await key.isRevoked(undefined, undefined, now)) {
        add('error', 'key-revoked', now, `${who}: OpenPGP key ${anchor.fingerprint} has been revoked`);
      } else {
        const expiry = await key.getExpirationTime();
        if (expiry instanceof Date) {
          const left = (expiry.getTime() - now.getTime()) / DAY;
          if (left < 0)
            add(
              'error',
              'key-expired',
              expiry,
              `${who}: OpenPGP key ${anchor.fingerprint} expired on ${expiry.toISOString()}`,
            );
          else if (left <= days)
            add(
              'warning',
              'key-expiring',
              expiry,
              `${who}: OpenPGP key ${anchor.fingerprint} expires on ${expiry.toISOString()}, in ${Math.floor(left)} days`,
            );
        }
      }
    } catch (error) {
      add('error', 'key-unreadable', now, `${who}: the OpenPGP key cannot be read: ${errorMessage(error)}`);
    }
  }
  return out;
}

/**
 * For verify-signatures when it loads the policy: the anchors it must refuse (review overdue,
 * expired) and the warnings to show. `ids` limits the check to the anchors a run uses.
 */
export async function anchorsForUse(
  policy: TrustPolicy,
  options: ReviewOptions & { ids?: readonly string[] } = {},
): Promise<{ refused: ReviewFinding[]; warnings: ReviewFinding[] }> {
  const review = await reviewTrustPolicy(
    options.ids ? { ...policy, anchors: policy.anchors.filter((a) => options.ids?.includes(a.id)) } : policy,
    options,
  );
  return {
    refused: review.findings.filter((f) => f.severity === 'error'),
    warnings: review.findings.filter((f) => f.severity === 'warning'),
  };
}

/** A plain-text report for terminals and job logs. */
export function formatReview(review: TrustReview): string {
  const lines = [
    `Trust review of ${review.policy || 'the trust policy'} at ${review.checkedAt} (warning window: ${review.days} days)`,
    `${review.anchors.length} anchors: ${review.errors} errors, ${review.warnings} warnings`,
  ];
  for (const finding of review.findings) {
    lines.push(`${finding.severity === 'error' ? 'ERROR  ' : 'WARNING'} line ${finding.line}: ${finding.message}`);
  }
  if (review.findings.length === 0) lines.push('Every anchor is within its review date and validity.');
  return `${lines.join('\n')}\n`;
}

function startOfDay(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
}
