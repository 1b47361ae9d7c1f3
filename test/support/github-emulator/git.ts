/** A small in-memory git object store with real git SHA-1 object ids. */
import { createHash } from 'node:crypto';

export interface GitPerson {
  name: string;
  email: string;
  date: string;
}

export interface BlobObject {
  type: 'blob';
  sha: string;
  content: Buffer;
}

export interface TreeEntry {
  path: string;
  mode: string;
  type: 'blob' | 'tree' | 'commit';
  sha: string;
}

export interface TreeObject {
  type: 'tree';
  sha: string;
  entries: TreeEntry[];
}

export interface CommitObject {
  type: 'commit';
  sha: string;
  tree: string;
  parents: string[];
  message: string;
  author: GitPerson;
  committer: GitPerson;
}

/** An annotated tag object (what `git tag -a` makes and POST /git/tags creates). */
export interface TagObject {
  type: 'tag';
  sha: string;
  tag: string;
  message: string;
  object: string;
  objectType: 'commit' | 'tree' | 'blob' | 'tag';
  tagger: GitPerson;
}

export type GitObject = BlobObject | TreeObject | CommitObject | TagObject;

function hashObject(type: string, body: Buffer): string {
  const header = Buffer.from(`${type} ${body.length}\0`);
  return createHash('sha1').update(header).update(body).digest('hex');
}

function gitDate(iso: string): string {
  const seconds = Math.floor(new Date(iso).getTime() / 1000);
  return `${Number.isFinite(seconds) ? seconds : 0} +0000`;
}

export class GitStore {
  readonly objects = new Map<string, GitObject>();
  /** Full ref name (`refs/heads/main`) → commit sha. */
  readonly refs = new Map<string, string>();

  putBlob(content: Buffer): BlobObject {
    const sha = hashObject('blob', content);
    const blob: BlobObject = { type: 'blob', sha, content };
    this.objects.set(sha, blob);
    return blob;
  }

  putTree(entries: TreeEntry[]): TreeObject {
    const sorted = [...entries].sort((a, b) => {
      const ak = a.type === 'tree' ? `${a.path}/` : a.path;
      const bk = b.type === 'tree' ? `${b.path}/` : b.path;
      return ak < bk ? -1 : ak > bk ? 1 : 0;
    });
    const parts: Buffer[] = [];
    for (const e of sorted) {
      parts.push(Buffer.from(`${e.mode.replace(/^0+/, '')} ${e.path}\0`));
      parts.push(Buffer.from(e.sha, 'hex'));
    }
    const sha = hashObject('tree', Buffer.concat(parts));
    const tree: TreeObject = { type: 'tree', sha, entries: sorted };
    this.objects.set(sha, tree);
    return tree;
  }

  putCommit(c: Omit<CommitObject, 'type' | 'sha'>): CommitObject {
    const lines = [`tree ${c.tree}`, ...c.parents.map((p) => `parent ${p}`)];
    lines.push(`author ${c.author.name} <${c.author.email}> ${gitDate(c.author.date)}`);
    lines.push(`committer ${c.committer.name} <${c.committer.email}> ${gitDate(c.committer.date)}`);
    const text = `${lines.join('\n')}\n\n${c.message}`;
    const sha = hashObject('commit', Buffer.from(text));
    const commit: CommitObject = { type: 'commit', sha, ...c };
    this.objects.set(sha, commit);
    return commit;
  }

  putTag(t: Omit<TagObject, 'type' | 'sha'>): TagObject {
    const text = `object ${t.object}\ntype ${t.objectType}\ntag ${t.tag}\ntagger ${t.tagger.name} <${t.tagger.email}> ${gitDate(t.tagger.date)}\n\n${t.message}`;
    const sha = hashObject('tag', Buffer.from(text));
    const tag: TagObject = { type: 'tag', sha, ...t };
    this.objects.set(sha, tag);
    return tag;
  }

  tagObject(sha: string): TagObject | undefined {
    const o = this.objects.get(sha);
    return o?.type === 'tag' ? o : undefined;
  }

  get(sha: string): GitObject | undefined {
    return this.objects.get(sha);
  }

  commit(sha: string): CommitObject | undefined {
    const o = this.objects.get(sha);
    return o?.type === 'commit' ? o : undefined;
  }

  tree(sha: string): TreeObject | undefined {
    const o = this.objects.get(sha);
    return o?.type === 'tree' ? o : undefined;
  }

  blob(sha: string): BlobObject | undefined {
    const o = this.objects.get(sha);
    return o?.type === 'blob' ? o : undefined;
  }

  /** Flatten a tree into path → entry (blobs and submodules only), recursively. */
  flatten(treeSha: string, prefix = ''): Map<string, TreeEntry> {
    const out = new Map<string, TreeEntry>();
    const tree = this.tree(treeSha);
    if (!tree) return out;
    for (const e of tree.entries) {
      const path = prefix ? `${prefix}/${e.path}` : e.path;
      if (e.type === 'tree') for (const [p, sub] of this.flatten(e.sha, path)) out.set(p, sub);
      else out.set(path, { ...e, path });
    }
    return out;
  }

  /** Build nested trees from a flat path → entry map; returns the root tree. */
  buildTree(flat: Map<string, TreeEntry>): TreeObject {
    interface Dir {
      files: TreeEntry[];
      dirs: Map<string, Dir>;
    }
    const root: Dir = { files: [], dirs: new Map() };
    for (const [path, entry] of flat) {
      const parts = path.split('/').filter((p) => p !== '');
      let dir = root;
      for (const part of parts.slice(0, -1)) {
        let next = dir.dirs.get(part);
        if (!next) {
          next = { files: [], dirs: new Map() };
          dir.dirs.set(part, next);
        }
        dir = next;
      }
      dir.files.push({ ...entry, path: parts[parts.length - 1] ?? path });
    }
    const write = (dir: Dir): TreeObject => {
      const entries: TreeEntry[] = [...dir.files];
      for (const [name, sub] of dir.dirs)
        entries.push({ path: name, mode: '040000', type: 'tree', sha: write(sub).sha });
      return this.putTree(entries);
    };
    return write(root);
  }

  /** Is `ancestor` reachable from `descendant` through parent links (or equal)? */
  isAncestor(ancestor: string, descendant: string): boolean {
    const seen = new Set<string>();
    const queue = [descendant];
    while (queue.length > 0) {
      const sha = queue.pop();
      if (sha === undefined || seen.has(sha)) continue;
      if (sha === ancestor) return true;
      seen.add(sha);
      const c = this.commit(sha);
      if (c) queue.push(...c.parents);
    }
    return false;
  }

  /** Resolve a branch name, tag name, full ref or commit sha to a commit sha. */
  resolve(ref: string): string | undefined {
    const candidates = [ref, `refs/heads/${ref}`, `refs/tags/${ref}`, `refs/${ref}`];
    for (const c of candidates) {
      const sha = this.refs.get(c);
      if (sha) return sha;
    }
    if (/^[0-9a-f]{40}$/.test(ref) && this.commit(ref)) return ref;
    if (/^[0-9a-f]{4,39}$/.test(ref)) {
      for (const sha of this.objects.keys()) if (sha.startsWith(ref) && this.commit(sha)) return sha;
    }
    return undefined;
  }

  /** Commit files (path → content; null deletes) on top of a branch, moving the branch. */
  commitFiles(
    branch: string,
    files: Map<string, Buffer | null>,
    message: string,
    person: GitPerson,
    committer: GitPerson = person,
  ): { commit: CommitObject; blobs: Map<string, BlobObject> } {
    const refName = `refs/heads/${branch}`;
    const parent = this.refs.get(refName);
    const parentCommit = parent ? this.commit(parent) : undefined;
    const flat = parentCommit ? this.flatten(parentCommit.tree) : new Map<string, TreeEntry>();
    const blobs = new Map<string, BlobObject>();
    for (const [path, content] of files) {
      if (content === null) {
        flat.delete(path);
      } else {
        const blob = this.putBlob(content);
        blobs.set(path, blob);
        flat.set(path, { path, mode: '100644', type: 'blob', sha: blob.sha });
      }
    }
    const tree = this.buildTree(flat);
    const commit = this.putCommit({
      tree: tree.sha,
      parents: parent ? [parent] : [],
      message,
      author: person,
      committer,
    });
    this.refs.set(refName, commit.sha);
    return { commit, blobs };
  }
}
