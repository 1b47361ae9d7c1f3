/**
 * A throwaway X.509 CA hierarchy for tests, made with the openssl CLI: a trusted root, an
 * intermediate, code-signing leaves (good, expired, without the codeSigning EKU, revoked), an
 * expired intermediate with its own leaf, an untrusted root with its own leaf, a CRL, and a TSA.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export async function openssl(args: string[], cwd?: string): Promise<string> {
  try {
    const { stdout } = await run('openssl', args, { cwd, maxBuffer: 16 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    throw new Error(`openssl ${args.join(' ')} failed: ${e.stderr ?? e.message}`);
  }
}

export interface Issued {
  name: string;
  certPath: string;
  keyPath: string;
  certPem: string;
}

export type Profile = 'ca' | 'codesign' | 'codesign_nodigsig' | 'codesign_noku' | 'clientauth' | 'tsa';

const CONFIG = (dir: string): string => `
[ ca ]
default_ca = CA_default
[ CA_default ]
dir = ${dir}
database = ${dir}/index.txt
new_certs_dir = ${dir}/newcerts
serial = ${dir}/serial
crlnumber = ${dir}/crlnumber
default_md = sha256
policy = policy_any
unique_subject = no
copy_extensions = none
default_crl_days = 30
default_days = 365
email_in_dn = no
[ policy_any ]
commonName = supplied
organizationName = optional
[ req ]
distinguished_name = dn
[ dn ]
[ ext_ca ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[ ext_codesign ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = codeSigning
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[ ext_codesign_nodigsig ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, nonRepudiation
extendedKeyUsage = codeSigning
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[ ext_codesign_noku ]
basicConstraints = critical, CA:FALSE
extendedKeyUsage = codeSigning
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[ ext_clientauth ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[ ext_tsa ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, nonRepudiation
extendedKeyUsage = critical, timeStamping
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
`;

/** A CA with its own `openssl ca` database. */
export class TestCa {
  readonly dir: string;
  readonly config: string;
  readonly root: string;
  readonly self: Issued;
  constructor(root: string, self: Issued) {
    this.root = root;
    this.self = self;
    this.dir = join(root, `ca-${self.name.replace(/\W+/g, '-')}`);
    mkdirSync(join(this.dir, 'newcerts'), { recursive: true });
    writeFileSync(join(this.dir, 'index.txt'), '');
    writeFileSync(
      join(this.dir, 'serial'),
      `${(1000 + Math.floor(Math.random() * 8000)).toString(16).padStart(4, '0')}\n`,
    );
    writeFileSync(join(this.dir, 'crlnumber'), '01\n');
    this.config = join(this.dir, 'openssl.cnf');
    writeFileSync(this.config, CONFIG(this.dir));
  }

  /** Issues a certificate; `start`/`end` as openssl dates (YYYYMMDDHHMMSSZ). */
  async issue(name: string, profile: Profile, options: { start?: string; end?: string } = {}): Promise<Issued> {
    const base = join(this.root, name.replace(/\W+/g, '-'));
    const keyPath = `${base}.key`;
    const csrPath = `${base}.csr`;
    const certPath = `${base}.pem`;
    await newKey(keyPath);
    await openssl([
      'req',
      '-new',
      '-key',
      keyPath,
      '-subj',
      `/CN=${name}/O=secure-deploy tests`,
      '-out',
      csrPath,
      '-config',
      this.config,
    ]);
    await openssl([
      'ca', '-batch', '-notext', '-config', this.config,
      '-cert', this.self.certPath, '-keyfile', this.self.keyPath,
      '-in', csrPath, '-out', certPath, '-extensions', `ext_${profile}`,
      ...(options.start ? ['-startdate', options.start] : []),
      ...(options.end ? ['-enddate', options.end] : ['-days', '365']),
    ]); // prettier-ignore
    return { name, certPath, keyPath, certPem: readFileSync(certPath, 'utf8') };
  }

  async revoke(cert: Issued): Promise<void> {
    await openssl([
      'ca',
      '-config',
      this.config,
      '-cert',
      this.self.certPath,
      '-keyfile',
      this.self.keyPath,
      '-revoke',
      cert.certPath,
    ]);
  }

  /** A PEM CRL from this CA; returns its path. `lastUpdate`/`nextUpdate` as openssl dates. */
  async crl(path: string, options: { lastUpdate?: string; nextUpdate?: string } = {}): Promise<string> {
    await openssl([
      'ca', '-gencrl', '-config', this.config,
      '-cert', this.self.certPath, '-keyfile', this.self.keyPath, '-out', path,
      ...(options.lastUpdate ? ['-crl_lastupdate', options.lastUpdate] : []),
      ...(options.nextUpdate ? ['-crl_nextupdate', options.nextUpdate] : []),
    ]); // prettier-ignore
    return path;
  }
}

async function newKey(path: string): Promise<void> {
  await openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', path]);
}

/** A self-signed root CA. */
export async function makeRoot(root: string, name: string): Promise<TestCa> {
  const base = join(root, name.replace(/\W+/g, '-'));
  const keyPath = `${base}.key`;
  const certPath = `${base}.pem`;
  await newKey(keyPath);
  await openssl([
    'req', '-x509', '-new', '-key', keyPath, '-subj', `/CN=${name}/O=secure-deploy tests`, '-days', '3650', '-out', certPath,
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
    '-addext', 'subjectKeyIdentifier=hash',
  ]); // prettier-ignore
  return new TestCa(root, { name, certPath, keyPath, certPem: readFileSync(certPath, 'utf8') });
}

export interface Pki {
  dir: string;
  root: TestCa;
  intermediate: TestCa;
  rootPemPath: string;
  intermediatePemPath: string;
  /** CRL of the intermediate, revoking `revokedLeaf`. */
  crlPemPath: string;
  /** CRL of the intermediate that revokes nothing. */
  emptyCrlPemPath: string;
  leaf: Issued;
  leafPemPath: string;
  leafPublicKeyPem: string;
  expiredLeaf: Issued;
  noCodeSigningLeaf: Issued;
  revokedLeaf: Issued;
  expiredIntermediate: Issued;
  leafUnderExpiredIntermediate: Issued;
  untrustedRoot: TestCa;
  untrustedLeaf: Issued;
  tsaRoot: TestCa;
  tsa: Issued;
}

/** Builds the whole hierarchy in a fresh temporary directory (about a second of openssl calls). */
export async function makePki(): Promise<Pki> {
  const dir = mkdtempSync(join(tmpdir(), 'sd-pki-'));
  const root = await makeRoot(dir, 'Test Root CA');
  const intermediateCert = await root.issue('Test Issuing CA', 'ca', {
    start: '20200101000000Z',
    end: '20991231000000Z',
  });
  const intermediate = new TestCa(dir, intermediateCert);
  const leaf = await intermediate.issue('Release Signing', 'codesign');
  const expiredLeaf = await intermediate.issue('Expired Signing', 'codesign', {
    start: '20200101000000Z',
    end: '20210101000000Z',
  });
  const noCodeSigningLeaf = await intermediate.issue('Client Auth Only', 'clientauth');
  const emptyCrlPemPath = await intermediate.crl(join(dir, 'empty.crl.pem'));
  const revokedLeaf = await intermediate.issue('Revoked Signing', 'codesign');
  await intermediate.revoke(revokedLeaf);
  const crlPemPath = await intermediate.crl(join(dir, 'intermediate.crl.pem'));

  const expiredIntermediate = await root.issue('Expired Issuing CA', 'ca', {
    start: '20200101000000Z',
    end: '20210101000000Z',
  });
  const leafUnderExpiredIntermediate = await new TestCa(dir, expiredIntermediate).issue(
    'Signing Under Expired CA',
    'codesign',
  );

  const untrustedRoot = await makeRoot(dir, 'Untrusted Root CA');
  const untrustedLeaf = await untrustedRoot.issue('Untrusted Signing', 'codesign');

  const tsaRoot = await makeRoot(dir, 'Test TSA Root');
  const tsa = await tsaRoot.issue('Test TSA', 'tsa', { start: '20200101000000Z', end: '20991231000000Z' });

  const leafPublicKeyPem = await openssl(['pkey', '-in', leaf.keyPath, '-pubout']);
  return {
    dir,
    root,
    intermediate,
    rootPemPath: root.self.certPath,
    intermediatePemPath: intermediateCert.certPath,
    crlPemPath,
    emptyCrlPemPath,
    leaf,
    leafPemPath: leaf.certPath,
    leafPublicKeyPem,
    expiredLeaf,
    noCodeSigningLeaf,
    revokedLeaf,
    expiredIntermediate,
    leafUnderExpiredIntermediate,
    untrustedRoot,
    untrustedLeaf,
    tsaRoot,
    tsa,
  };
}

/**
 * `openssl cms -sign -binary -detached` over `artifact` with `signer`; `chain` certificates are
 * embedded with -certfile. Returns the signature path.
 */
export async function cmsSign(
  artifact: string,
  signer: Issued,
  options: { chain?: string[]; outform?: 'DER' | 'PEM'; out?: string } = {},
): Promise<string> {
  const outform = options.outform ?? 'DER';
  const out = options.out ?? `${artifact}.${signer.name.replace(/\W+/g, '-')}.${outform === 'DER' ? 'p7s' : 'p7s.pem'}`;
  const args = [
    'cms',
    '-sign',
    '-binary', // detached: the default of openssl 3.0 (-detached exists only in newer releases)
    '-in',
    artifact,
    '-signer',
    signer.certPath,
    '-inkey',
    signer.keyPath,
    '-outform',
    outform,
    '-out',
    out,
    '-md',
    'sha256',
  ];
  if (options.chain && options.chain.length > 0) {
    const certfile = `${out}.chain.pem`;
    writeFileSync(certfile, options.chain.map((p) => readFileSync(p, 'utf8')).join(''));
    args.push('-certfile', certfile);
  }
  await openssl(args);
  return out;
}

/** A raw signature (`openssl dgst -sha256 -sign`) over `artifact`; returns its path. */
export async function rawSign(artifact: string, signer: Issued): Promise<string> {
  const out = `${artifact}.${signer.name.replace(/\W+/g, '-')}.sig`;
  await openssl(['dgst', '-sha256', '-sign', signer.keyPath, '-out', out, artifact]);
  return out;
}
