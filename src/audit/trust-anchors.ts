import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { checkYamlNesting } from '../core/nesting.js';

/**
 * The one thing the audit needs from a trust policy: which anchors carry a review date. Kept
 * apart from the verify capability's policy reader on purpose, and minimal: it walks the YAML
 * and takes every mapping that has `review-by` (or `review_by`, `reviewBy`) as an anchor, named
 * by its `name`, `id`, `identity`, `issuer` or `key` field.
 */
export interface TrustAnchor {
  readonly name: string;
  readonly reviewBy: string;
  readonly line: number;
}

const REVIEW_KEYS = ['review-by', 'review_by', 'reviewBy', 'review-date', 'review_date'];
const NAME_KEYS = ['name', 'id', 'identity', 'issuer', 'subject', 'key', 'fingerprint'];

export function readTrustAnchors(text: string): TrustAnchor[] {
  checkYamlNesting(text, 'the trust policy');
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  if (doc.errors.length > 0)
    throw new Error(`the trust policy is not valid YAML: ${doc.errors[0]?.message.split('\n')[0] ?? ''}`);
  const out: TrustAnchor[] = [];
  const walk = (node: unknown, path: string): void => {
    if (isSeq(node)) {
      node.items.forEach((item, i) => walk(item, `${path}[${i}]`));
      return;
    }
    if (!isMap(node)) return;
    let reviewBy: string | undefined;
    let line = 1;
    let name: string | undefined;
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      const value = pair.value as Node | null;
      if (REVIEW_KEYS.includes(key) && isScalar(value)) {
        const v = value.value;
        reviewBy = v instanceof Date ? v.toISOString().slice(0, 10) : String(v);
        line = value.range ? lineCounter.linePos(value.range[0]).line : 1;
      } else if (NAME_KEYS.includes(key) && isScalar(value) && name === undefined) {
        name = String(value.value);
      }
    }
    if (reviewBy !== undefined) {
      if (Number.isNaN(Date.parse(reviewBy)))
        throw new Error(`trust anchor ${name ?? path}: review-by '${reviewBy}' is not a date (YYYY-MM-DD)`);
      out.push({ name: name ?? path, reviewBy, line });
    }
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      walk(pair.value, path ? `${path}.${key}` : key);
    }
  };
  walk(doc.contents, '');
  return out;
}
