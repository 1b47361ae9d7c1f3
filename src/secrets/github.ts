/**
 * The GitHub side of a rotation: public keys, secrets in every scope, the state variables, and
 * deploy keys. Every failure is turned into a message that says what to fix (missing environment,
 * missing permission) through the core's explainGitHubError.
 */
import { ConfigurationError } from '../core/errors.js';
import { errorStatus, explainGitHubError, type GitHubClient } from '../core/github.js';
import { describeDestination, type Destination } from './config.js';
import { PublicKeyError, sealValue } from './seal.js';

export interface PublicKey {
  readonly keyId: string;
  readonly key: string;
}

export interface SecretInfo {
  readonly updatedAt: string;
  /** Organization secrets: who may use it, kept exactly as it is across a rotation. */
  readonly visibility?: 'all' | 'private' | 'selected';
  readonly selectedRepositoryIds?: readonly number[];
}

export interface DeployKey {
  readonly id: number;
  readonly title: string;
  readonly key: string;
}

/** The permission a token needs to write secrets in a destination's scope. */
export function secretsPermission(d: Destination): string {
  switch (d.kind) {
    case 'organization':
      return 'organization_secrets=write';
    case 'dependabot':
      return 'dependabot_secrets=write';
    default:
      return 'secrets=write';
  }
}

function scopePath(d: Destination): string {
  switch (d.kind) {
    case 'repository':
      return `/repos/${d.owner}/${d.repo ?? ''}/actions`;
    case 'environment':
      return `/repos/${d.owner}/${d.repo ?? ''}/environments/${encodeURIComponent(d.environment ?? '')}`;
    case 'dependabot':
      return `/repos/${d.owner}/${d.repo ?? ''}/dependabot`;
    case 'organization':
      return `/orgs/${d.owner}/actions`;
  }
}

function fail(error: unknown, doing: string, permission?: string): never {
  throw explainGitHubError(error, doing, permission);
}

/** GitHub operations with a per-run cache of public keys (one request per scope, shared by instances). */
export class SecretsApi {
  private readonly gh: GitHubClient;
  private readonly keys = new Map<string, Promise<PublicKey>>();

  constructor(gh: GitHubClient) {
    this.gh = gh;
  }

  publicKey(d: Destination): Promise<PublicKey> {
    const path = `${scopePath(d)}/secrets/public-key`;
    let key = this.keys.get(path);
    if (!key) {
      key = this.fetchPublicKey(d, path);
      // A failure is not cached: a later instance may succeed after a transient error.
      key.catch(() => this.keys.delete(path));
      this.keys.set(path, key);
    }
    return key;
  }

  private async fetchPublicKey(d: Destination, path: string): Promise<PublicKey> {
    try {
      const r = await this.gh.request(`GET ${path}`);
      const data = r.data as { key_id?: unknown; key?: unknown };
      if (typeof data.key_id !== 'string' || typeof data.key !== 'string') {
        throw new ConfigurationError(`GitHub returned no public key for ${describeDestination(d)}.`);
      }
      return { keyId: data.key_id, key: data.key };
    } catch (error) {
      if (d.kind === 'environment' && errorStatus(error) === 404) {
        throw new ConfigurationError(
          `Environment '${d.environment ?? ''}' does not exist in ${d.owner}/${d.repo ?? ''} (or the token cannot see it). Create it under Settings → Environments, or fix 'instances'/'destinations'.`,
        );
      }
      fail(error, `reading the public key of ${describeDestination(d)}`, secretsPermission(d).replace('write', 'read'));
    }
  }

  /** Seals with the destination's public key; a key of the wrong length is a clear failure. */
  async seal(d: Destination, value: string): Promise<{ keyId: string; encrypted: string }> {
    const key = await this.publicKey(d);
    try {
      return { keyId: key.keyId, encrypted: await sealValue(key.key, value) };
    } catch (error) {
      if (error instanceof PublicKeyError) {
        throw new ConfigurationError(
          `Cannot seal a value for ${describeDestination(d)}: ${error.message}. Nothing was written there.`,
        );
      }
      throw error;
    }
  }

  /** The secret's metadata, or undefined when it does not exist. */
  async getSecret(d: Destination, name: string): Promise<SecretInfo | undefined> {
    try {
      const r = await this.gh.request(`GET ${scopePath(d)}/secrets/${name}`);
      const data = r.data as { updated_at?: unknown; visibility?: unknown };
      const info: SecretInfo = { updatedAt: typeof data.updated_at === 'string' ? data.updated_at : '' };
      if (d.kind !== 'organization') return info;
      const visibility = data.visibility === 'all' || data.visibility === 'selected' ? data.visibility : 'private';
      if (visibility !== 'selected') return { ...info, visibility };
      return { ...info, visibility, selectedRepositoryIds: await this.selectedRepositories(d, name) };
    } catch (error) {
      if (errorStatus(error) === 404) {
        if (d.kind === 'environment') await this.publicKey(d); // tells a missing environment from a missing secret
        return undefined;
      }
      fail(error, `reading secret ${name} in ${describeDestination(d)}`, secretsPermission(d).replace('write', 'read'));
    }
  }

  private async selectedRepositories(d: Destination, name: string): Promise<number[]> {
    const ids: number[] = [];
    for (let page = 1; ; page++) {
      const r = await this.gh.request(`GET /orgs/${d.owner}/actions/secrets/${name}/repositories`, {
        per_page: 100,
        page,
      });
      const data = r.data as { repositories?: { id?: unknown }[]; total_count?: unknown };
      const repos = data.repositories ?? [];
      for (const repo of repos) if (typeof repo.id === 'number') ids.push(repo.id);
      if (repos.length < 100) break;
    }
    return ids;
  }

  /**
   * Writes a sealed value. For an organization secret, `keep` carries the visibility and selected
   * repositories read before, so the rotation changes the value and nothing else.
   */
  async putSecret(d: Destination, name: string, value: string, keep?: SecretInfo): Promise<void> {
    const { keyId, encrypted } = await this.seal(d, value);
    const body: Record<string, unknown> = { encrypted_value: encrypted, key_id: keyId };
    if (d.kind === 'organization') {
      const existing = keep ?? (await this.getSecret(d, name));
      body.visibility = existing?.visibility ?? 'private';
      if (body.visibility === 'selected') body.selected_repository_ids = [...(existing?.selectedRepositoryIds ?? [])];
    }
    try {
      await this.gh.request(`PUT ${scopePath(d)}/secrets/${name}`, body);
    } catch (error) {
      fail(error, `writing secret ${name} in ${describeDestination(d)}`, secretsPermission(d));
    }
  }

  async deleteSecret(d: Destination, name: string): Promise<void> {
    try {
      await this.gh.request(`DELETE ${scopePath(d)}/secrets/${name}`);
    } catch (error) {
      if (errorStatus(error) === 404) return;
      fail(error, `deleting secret ${name} in ${describeDestination(d)}`, secretsPermission(d));
    }
  }

  /** A repository variable, or undefined when it does not exist. */
  private async readVariable(
    owner: string,
    repo: string,
    name: string,
  ): Promise<{ value: string; updated_at: string } | undefined> {
    try {
      const r = await this.gh.request('GET /repos/{owner}/{repo}/actions/variables/{name}', { owner, repo, name });
      return r.data;
    } catch (error) {
      if (errorStatus(error) === 404) return undefined;
      fail(error, `reading variable ${name} in ${owner}/${repo}`, 'variables=read');
    }
  }

  /** A repository variable's value, or undefined when it does not exist. */
  async getVariable(owner: string, repo: string, name: string): Promise<string | undefined> {
    return (await this.readVariable(owner, repo, name))?.value;
  }

  /** When GitHub last wrote a repository variable (its clock, as secrets' `updated_at`), or undefined when it does not exist. */
  async getVariableUpdatedAt(owner: string, repo: string, name: string): Promise<string | undefined> {
    return (await this.readVariable(owner, repo, name))?.updated_at;
  }

  /** Creates or updates a repository variable. */
  async setVariable(owner: string, repo: string, name: string, value: string, exists?: boolean): Promise<void> {
    const doing = `writing variable ${name} in ${owner}/${repo}`;
    const patch = async (): Promise<void> => {
      await this.gh.request('PATCH /repos/{owner}/{repo}/actions/variables/{name}', { owner, repo, name, value });
    };
    const create = async (): Promise<void> => {
      await this.gh.request('POST /repos/{owner}/{repo}/actions/variables', { owner, repo, name, value });
    };
    try {
      if (exists === false) {
        try {
          await create();
        } catch (error) {
          if (errorStatus(error) !== 409 && errorStatus(error) !== 422) throw error;
          await patch();
        }
        return;
      }
      try {
        await patch();
      } catch (error) {
        if (errorStatus(error) !== 404) throw error;
        await create();
      }
    } catch (error) {
      fail(error, doing, 'variables=write');
    }
  }

  async addDeployKey(owner: string, repo: string, title: string, key: string, readOnly: boolean): Promise<DeployKey> {
    try {
      const r = await this.gh.request('POST /repos/{owner}/{repo}/keys', {
        owner,
        repo,
        title,
        key,
        read_only: readOnly,
      });
      return { id: r.data.id, title: r.data.title, key: r.data.key };
    } catch (error) {
      fail(error, `adding a deploy key to ${owner}/${repo}`, 'administration=write');
    }
  }

  async listDeployKeys(owner: string, repo: string): Promise<DeployKey[]> {
    try {
      const keys = await this.gh.paginate('GET /repos/{owner}/{repo}/keys', { owner, repo, per_page: 100 });
      return keys.map((k) => ({ id: k.id, title: k.title, key: k.key }));
    } catch (error) {
      fail(error, `listing the deploy keys of ${owner}/${repo}`, 'administration=read');
    }
  }

  async deleteDeployKey(owner: string, repo: string, id: number): Promise<void> {
    try {
      await this.gh.request('DELETE /repos/{owner}/{repo}/keys/{key_id}', { owner, repo, key_id: id });
    } catch (error) {
      if (errorStatus(error) === 404) return;
      fail(error, `removing deploy key ${id} from ${owner}/${repo}`, 'administration=write');
    }
  }
}
