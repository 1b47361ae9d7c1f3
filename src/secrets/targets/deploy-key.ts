/**
 * A repository deploy key as a rotation target: the new public key is added next to the old one,
 * the private key goes to GitHub's secrets, and the old key is removed after the grace period.
 * Both keys work in between, so GitHub's value always authenticates.
 */
import { ConfigurationError } from '../../core/errors.js';
import type { Instance, TargetSpec } from '../config.js';
import { shortFingerprint } from '../fingerprint.js';
import { publicKeyOfOpenSsh, type Generated } from '../generate.js';
import type { SecretsApi } from '../github.js';
import type { Retiring, RotationState } from '../state.js';
import type { Target, TargetMeta } from './target.js';

type DeployKeySpec = Extract<TargetSpec, { kind: 'deploy-key' }>;

/** `ssh-ed25519 AAAA...` without the comment, to compare keys. */
function keyMaterial(key: string): string {
  return key.trim().split(/\s+/).slice(0, 2).join(' ');
}

export class DeployKeyTarget implements Target {
  readonly kind = 'deploy-key';
  readonly keepsCurrentValid = true;
  readonly keepsPendingCopy = false;
  readonly needsPendingToCompletePromotion = false;
  private readonly api: SecretsApi;
  private readonly owner: string;
  private readonly repo: string;
  private readonly readOnly: boolean;
  private readonly name: string;
  private readonly instance: string;

  constructor(spec: DeployKeySpec, instance: Instance, name: string, api: SecretsApi) {
    const [owner = '', repo = ''] = spec.repository.replace(/\{instance\}/g, instance.name).split('/');
    this.owner = owner;
    this.repo = repo;
    this.readOnly = spec.readOnly;
    this.api = api;
    this.name = name;
    this.instance = instance.name;
  }

  /** Deploy key titles carry the fingerprint prefix, so an interrupted run's key can be found again. */
  title(fingerprint: string): string {
    return `secure-deploy ${this.name} ${this.instance} ${shortFingerprint(fingerprint)}`;
  }

  prepare(_state: RotationState): TargetMeta {
    return {};
  }

  format(generated: Generated): string {
    return generated.value;
  }

  parse(value: string): Generated {
    return { value, publicKey: publicKeyOfOpenSsh(value, `${this.name.toLowerCase()}@${this.instance}`) };
  }

  async create(): Promise<void> {}

  async set(generated: Generated, _meta: TargetMeta, fingerprint: string): Promise<TargetMeta> {
    if (!generated.publicKey) throw new ConfigurationError("Target 'deploy-key' needs an ssh-ed25519 key pair.");
    const title = this.title(fingerprint);
    const existing = (await this.api.listDeployKeys(this.owner, this.repo)).find(
      (k) => keyMaterial(k.key) === keyMaterial(generated.publicKey ?? ''),
    );
    if (existing) return { keyId: existing.id };
    const key = await this.api.addDeployKey(this.owner, this.repo, title, generated.publicKey, this.readOnly);
    return { keyId: key.id };
  }

  async test(generated: Generated, meta: TargetMeta): Promise<void> {
    const keys = await this.api.listDeployKeys(this.owner, this.repo);
    const found = keys.find(
      (k) => k.id === meta.keyId && keyMaterial(k.key) === keyMaterial(generated.publicKey ?? ''),
    );
    if (!found) throw new Error(`The new deploy key is not listed on ${this.owner}/${this.repo}.`);
  }

  async rollback(meta: TargetMeta, fingerprint: string): Promise<void> {
    const title = this.title(fingerprint);
    for (const k of await this.api.listDeployKeys(this.owner, this.repo)) {
      if (k.id === meta.keyId || k.title === title) await this.api.deleteDeployKey(this.owner, this.repo, k.id);
    }
  }

  async retire(previous: readonly Retiring[]): Promise<void> {
    const keys = await this.api.listDeployKeys(this.owner, this.repo);
    for (const r of previous) {
      const title = this.title(r.fingerprint);
      for (const k of keys) {
        if (k.id === r.keyId || k.title === title) await this.api.deleteDeployKey(this.owner, this.repo, k.id);
      }
    }
  }
}
