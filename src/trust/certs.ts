/**
 * X.509 certificate facts read through pkijs: names, validity, basic constraints, key usage,
 * extended key usage. No ASN.1 is decoded by hand.
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { looksLikePem, pemDecode, toArrayBuffer } from './pem.js';

export const OID_BASIC_CONSTRAINTS = '2.5.29.19';
export const OID_KEY_USAGE = '2.5.29.15';
export const OID_EXT_KEY_USAGE = '2.5.29.37';
export const OID_EKU_CODE_SIGNING = '1.3.6.1.5.5.7.3.3';
export const OID_EKU_TIME_STAMPING = '1.3.6.1.5.5.7.3.8';
export const OID_ANY_EKU = '2.5.29.37.0';

/** Extensions pkijs parses and we check; any other critical extension makes the certificate unusable. */
const UNDERSTOOD = new Set([
  OID_BASIC_CONSTRAINTS,
  OID_KEY_USAGE,
  OID_EXT_KEY_USAGE,
  '2.5.29.14', // subject key identifier
  '2.5.29.35', // authority key identifier
  '2.5.29.17', // subject alternative name
  '2.5.29.18', // issuer alternative name
  '2.5.29.31', // CRL distribution points
  '1.3.6.1.5.5.7.1.1', // authority information access
  '2.5.29.32', // certificate policies
]);

/** Key usage bits, named as in RFC 5280 4.2.1.3. */
export type KeyUsage =
  | 'digitalSignature'
  | 'nonRepudiation'
  | 'keyEncipherment'
  | 'dataEncipherment'
  | 'keyAgreement'
  | 'keyCertSign'
  | 'cRLSign'
  | 'encipherOnly'
  | 'decipherOnly';

const KEY_USAGE_BITS: readonly KeyUsage[] = [
  'digitalSignature',
  'nonRepudiation',
  'keyEncipherment',
  'dataEncipherment',
  'keyAgreement',
  'keyCertSign',
  'cRLSign',
  'encipherOnly',
  'decipherOnly',
];

/** Parses one DER certificate; throws an Error naming `what` when the bytes are not one. */
export function parseCertificate(der: Uint8Array, what = 'certificate'): pkijs.Certificate {
  try {
    return pkijs.Certificate.fromBER(toArrayBuffer(der));
  } catch (error) {
    throw new Error(
      `${what} is not a DER X.509 certificate (${error instanceof Error ? error.message : String(error)})`,
    );
  }
}

/** Every certificate in PEM text or DER bytes. */
export function parseCertificates(bytes: Uint8Array, what = 'certificate file'): pkijs.Certificate[] {
  if (looksLikePem(bytes)) {
    const ders = pemDecode(Buffer.from(bytes).toString('utf8'), 'CERTIFICATE');
    if (ders.length === 0) throw new Error(`${what} holds no PEM CERTIFICATE block`);
    return ders.map((der, i) => parseCertificate(der, `${what} (certificate ${i + 1})`));
  }
  return [parseCertificate(bytes, what)];
}

/** A certificate's subject as `CN=…, O=…` for messages. */
export function subjectName(cert: pkijs.Certificate): string {
  return rdnString(cert.subject);
}

export function issuerName(cert: pkijs.Certificate): string {
  return rdnString(cert.issuer);
}

const RDN_NAMES: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
};

function rdnString(name: pkijs.RelativeDistinguishedNames): string {
  const parts = name.typesAndValues.map((tv) => {
    const label = RDN_NAMES[tv.type] ?? tv.type;
    const value: unknown = tv.value.valueBlock.value;
    return `${label}=${typeof value === 'string' ? value : '?'}`;
  });
  return parts.length > 0 ? parts.join(', ') : '(empty name)';
}

/** Serial number as lower-case hex without leading zero bytes. */
export function serialHex(cert: pkijs.Certificate): string {
  const hex = Buffer.from(cert.serialNumber.valueBlock.valueHexView).toString('hex');
  return hex.replace(/^(00)+(?=..)/, '');
}

export function notBefore(cert: pkijs.Certificate): Date {
  return cert.notBefore.value;
}

export function notAfter(cert: pkijs.Certificate): Date {
  return cert.notAfter.value;
}

function extension(cert: pkijs.Certificate, oid: string): pkijs.Extension | undefined {
  return cert.extensions?.find((ext) => ext.extnID === oid);
}

/** `cA` from basic constraints, and the path length constraint when present. */
export function basicConstraints(cert: pkijs.Certificate): { ca: boolean; pathLength?: number } {
  const ext = extension(cert, OID_BASIC_CONSTRAINTS);
  const parsed: unknown = ext?.parsedValue;
  if (!(parsed instanceof pkijs.BasicConstraints)) return { ca: false };
  const pathLen = parsed.pathLenConstraint;
  let pathLength: number | undefined;
  if (typeof pathLen === 'number') pathLength = pathLen;
  else if (pathLen instanceof asn1js.Integer) pathLength = pathLen.valueBlock.valueDec;
  return pathLength === undefined ? { ca: parsed.cA } : { ca: parsed.cA, pathLength };
}

/** The key usage bits set, or undefined when the certificate has no key usage extension. */
export function keyUsage(cert: pkijs.Certificate): Set<KeyUsage> | undefined {
  const ext = extension(cert, OID_KEY_USAGE);
  if (!ext) return undefined;
  const parsed: unknown = ext.parsedValue;
  if (!(parsed instanceof asn1js.BitString)) return new Set();
  const bytes = parsed.valueBlock.valueHexView;
  const out = new Set<KeyUsage>();
  KEY_USAGE_BITS.forEach((name, bit) => {
    const byte = bytes[bit >> 3] ?? 0;
    if (byte & (0x80 >> (bit & 7))) out.add(name);
  });
  return out;
}

/** Extended key usage OIDs, or undefined when the certificate has none. */
export function extendedKeyUsage(cert: pkijs.Certificate): string[] | undefined {
  const ext = extension(cert, OID_EXT_KEY_USAGE);
  if (!ext) return undefined;
  const parsed: unknown = ext.parsedValue;
  if (!(parsed instanceof pkijs.ExtKeyUsage)) return [];
  return parsed.keyPurposes;
}

/** Critical extensions this verifier does not understand (RFC 5280: such a certificate must be rejected). */
export function unknownCriticalExtensions(cert: pkijs.Certificate): string[] {
  return (cert.extensions ?? []).filter((ext) => ext.critical && !UNDERSTOOD.has(ext.extnID)).map((ext) => ext.extnID);
}

/** Why this certificate cannot act as a CA, or undefined when it can. */
export function notACaReason(cert: pkijs.Certificate): string | undefined {
  if (!basicConstraints(cert).ca) return 'its basic constraints do not say CA:TRUE';
  const usage = keyUsage(cert);
  if (usage && !usage.has('keyCertSign')) return 'its key usage lacks keyCertSign';
  return undefined;
}

/** True for a self-signed certificate whose signature verifies with its own key. */
export async function isSelfSigned(cert: pkijs.Certificate): Promise<boolean> {
  if (!cert.subject.isEqual(cert.issuer)) return false;
  try {
    return await cert.verify();
  } catch {
    return false;
  }
}

/** DER encoding of a parsed certificate. */
export function certificateDer(cert: pkijs.Certificate): Uint8Array {
  return new Uint8Array(cert.toSchema().toBER(false));
}
