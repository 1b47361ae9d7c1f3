/** Git data API (refs, blobs, trees, commits) and the contents API. */
import { notFound } from './errors.ts';
import type { GitPerson, TreeEntry } from './git.ts';
import { contentEntry, HTML, renderGitCommit, renderRef, renderTag, renderTree } from './render.ts';
import { bodyObject, fail, noContent, ok, repoOf, route, str, type Ctx, type Route } from './routes.ts';

function person(ctx: Ctx, raw: unknown, fallback?: GitPerson): GitPerson {
  const p = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const user = ctx.state.ensureUser(ctx.token.login);
  return {
    name: str(p.name) || fallback?.name || user.login,
    email: str(p.email) || fallback?.email || `${user.id}+${user.login}@users.noreply.github.com`,
    date: str(p.date) || fallback?.date || ctx.state.now(),
  };
}

function fullRef(ref: string): string {
  return ref.startsWith('refs/') ? ref : `refs/${ref}`;
}

export function gitRoutes(): Route[] {
  return [
    route('GET', '/repos/{owner}/{repo}/git/ref/{ref}', { contents: 'read' }, (ctx) => {
      const repo = repoOf(ctx);
      const ref = fullRef(str(ctx.params.ref));
      const sha = repo.git.refs.get(ref);
      if (!sha) throw notFound();
      return ok(renderRef(ctx, repo, ref, sha));
    }),
    route('GET', '/repos/{owner}/{repo}/git/matching-refs/{ref}', { contents: 'read' }, (ctx) => {
      const repo = repoOf(ctx);
      const prefix = fullRef(str(ctx.params.ref));
      const refs = [...repo.git.refs.entries()].filter(([name]) => name.startsWith(prefix)).sort();
      return ok(refs.map(([name, sha]) => renderRef(ctx, repo, name, sha)));
    }),
    route('POST', '/repos/{owner}/{repo}/git/refs', { contents: 'write' }, (ctx) => {
      const repo = repoOf(ctx);
      const body = bodyObject(ctx);
      const ref = str(body.ref);
      const sha = str(body.sha);
      if (!/^refs\/.+\/.+/.test(ref)) fail(422, 'Reference name must start with refs/ and have at least two slashes');
      if (repo.git.refs.has(ref)) fail(422, 'Reference already exists');
      if (!repo.git.get(sha)) fail(422, 'Object does not exist');
      repo.git.refs.set(ref, sha);
      return ok(renderRef(ctx, repo, ref, sha), 201);
    }),
    route('PATCH', '/repos/{owner}/{repo}/git/refs/{ref}', { contents: 'write' }, (ctx) => {
      const repo = repoOf(ctx);
      const ref = fullRef(str(ctx.params.ref));
      const current = repo.git.refs.get(ref);
      if (!current) fail(422, 'Reference does not exist');
      const body = bodyObject(ctx);
      const sha = str(body.sha);
      if (!repo.git.get(sha)) fail(422, 'Object does not exist');
      if (body.force !== true && !repo.git.isAncestor(current, sha)) fail(422, 'Update is not a fast forward');
      repo.git.refs.set(ref, sha);
      return ok(renderRef(ctx, repo, ref, sha));
    }),
    route('DELETE', '/repos/{owner}/{repo}/git/refs/{ref}', { contents: 'write' }, (ctx) => {
      const repo = repoOf(ctx);
      const ref = fullRef(str(ctx.params.ref));
      if (!repo.git.refs.delete(ref)) fail(422, 'Reference does not exist');
      return noContent();
    }),
    route('POST', '/repos/{owner}/{repo}/git/blobs', { contents: 'write' }, (ctx) => {
      const repo = repoOf(ctx);
      const body = bodyObject(ctx);
      const encoding = str(body.encoding) || 'utf-8';
      const content = str(body.content);
      if (encoding !== 'utf-8' && encoding !== 'utf8' && encoding !== 'base64')
        fail(422, `encoding must be utf-8 or base64`);
      const blob = repo.git.putBlob(Buffer.from(content, encoding === 'base64' ? 'base64' : 'utf8'));
      return ok({ url: `${ctx.api}/repos/${repo.owner}/${repo.name}/git/blobs/${blob.sha}`, sha: blob.sha }, 201);
    }),
    route('GET', '/repos/{owner}/{repo}/git/blobs/{file_sha}', { contents: 'read' }, (ctx) => {
      const repo = repoOf(ctx);
      const blob = repo.git.blob(str(ctx.params.file_sha));
      if (!blob) throw notFound();
      return ok({
        content: `${blob.content.toString('base64')}\n`,
        encoding: 'base64',
        url: `${ctx.api}/repos/${repo.owner}/${repo.name}/git/blobs/${blob.sha}`,
        sha: blob.sha,
        size: blob.content.length,
        node_id: Buffer.from(`0:Blob${blob.sha}`).toString('base64'),
      });
    }),
    route('POST', '/repos/{owner}/{repo}/git/trees', { contents: 'write' }, (ctx) => {
      const repo = repoOf(ctx);
      const body = bodyObject(ctx);
      const baseTree = str(body.base_tree);
      let flat = new Map<string, TreeEntry>();
      if (baseTree) {
        if (!repo.git.tree(baseTree)) fail(422, `base_tree ${baseTree} is not a valid tree`);
        flat = repo.git.flatten(baseTree);
      }
      const entries = Array.isArray(body.tree) ? (body.tree as unknown[]) : [];
      for (const raw of entries) {
        const e = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
        const path = str(e.path).replace(/^\/+|\/+$/g, '');
        const mode = str(e.mode) || '100644';
        const type = (str(e.type) || 'blob') as TreeEntry['type'];
        if (e.sha === null) {
          flat.delete(path);
          for (const p of [...flat.keys()]) if (p.startsWith(`${path}/`)) flat.delete(p);
          continue;
        }
        if (typeof e.content === 'string') {
          const blob = repo.git.putBlob(Buffer.from(e.content, 'utf8'));
          flat.set(path, { path, mode, type: 'blob', sha: blob.sha });
          continue;
        }
        const sha = str(e.sha);
        if (type === 'tree') {
          if (!repo.git.tree(sha)) fail(422, `tree.sha ${sha} is not a valid tree`);
          for (const p of [...flat.keys()]) if (p.startsWith(`${path}/`)) flat.delete(p);
          for (const [p, sub] of repo.git.flatten(sha, path)) flat.set(p, sub);
          continue;
        }
        if (type === 'blob' && !repo.git.blob(sha)) fail(422, `tree.sha ${sha} is not a valid blob`);
        flat.set(path, { path, mode, type, sha });
      }
      const tree = repo.git.buildTree(flat);
      return ok(renderTree(ctx, repo, repo.git, tree.sha, false), 201);
    }),
    route('GET', '/repos/{owner}/{repo}/git/trees/{tree_sha}', { contents: 'read' }, (ctx) => {
      const repo = repoOf(ctx);
      const requested = str(ctx.params.tree_sha);
      let sha = requested;
      if (!repo.git.tree(sha)) {
        const commitSha = repo.git.resolve(requested);
        const commit = commitSha ? repo.git.commit(commitSha) : undefined;
        if (!commit) throw notFound();
        sha = commit.tree;
      }
      const recursive =
        ctx.query.recursive !== undefined &&
        str(ctx.query.recursive) !== '' &&
        str(ctx.query.recursive) !== '0' &&
        str(ctx.query.recursive) !== 'false';
      const rendered = renderTree(ctx, repo, repo.git, sha, recursive);
      if (!rendered) throw notFound();
      return ok(rendered);
    }),
    route('POST', '/repos/{owner}/{repo}/git/commits', { contents: 'write' }, (ctx) => {
      const repo = repoOf(ctx);
      const body = bodyObject(ctx);
      const tree = str(body.tree);
      if (!repo.git.tree(tree)) fail(422, `Tree SHA does not exist`);
      const parents = Array.isArray(body.parents) ? body.parents.map((p) => str(p)) : [];
      for (const p of parents)
        if (!repo.git.commit(p)) fail(422, `Parent SHA does not exist or is not a commit object`);
      const author = person(ctx, body.author);
      const committer = person(ctx, body.committer, author);
      const commit = repo.git.putCommit({ tree, parents, message: str(body.message), author, committer });
      return ok(renderGitCommit(ctx, repo, commit), 201);
    }),
    // Annotated tags: a tag object, which a ref under refs/tags/ then names (GET /git/ref answers type 'tag').
    route('POST', '/repos/{owner}/{repo}/git/tags', { contents: 'write' }, (ctx) => {
      const repo = repoOf(ctx);
      const body = bodyObject(ctx);
      const object = str(body.object);
      const target = repo.git.get(object);
      if (!target || target.type !== str(body.type)) fail(422, 'Object does not exist');
      const tagger = person(ctx, body.tagger);
      const tag = repo.git.putTag({
        tag: str(body.tag),
        message: str(body.message),
        object,
        objectType: target.type,
        tagger,
      });
      return ok(renderTag(ctx, repo, tag), 201);
    }),
    route('GET', '/repos/{owner}/{repo}/git/tags/{tag_sha}', { contents: 'read' }, (ctx) => {
      const repo = repoOf(ctx);
      const tag = repo.git.tagObject(str(ctx.params.tag_sha));
      if (!tag) throw notFound();
      return ok(renderTag(ctx, repo, tag));
    }),
    route('GET', '/repos/{owner}/{repo}/git/commits/{commit_sha}', { contents: 'read' }, (ctx) => {
      const repo = repoOf(ctx);
      const commit = repo.git.commit(str(ctx.params.commit_sha));
      if (!commit) throw notFound();
      return ok(renderGitCommit(ctx, repo, commit));
    }),

    // One branch, with whether it is protected (the secret audit asks for the refs secrets were read on).
    route('GET', '/repos/{owner}/{repo}/branches/{branch}', { contents: 'read' }, (ctx) => {
      const repo = repoOf(ctx);
      const name = str(ctx.params.branch);
      const sha = repo.git.refs.get(`refs/heads/${name}`);
      const commit = sha ? repo.git.commit(sha) : undefined;
      if (!sha || !commit) fail(404, 'Branch not found');
      const base = `${ctx.api}/repos/${repo.owner}/${repo.name}`;
      const isProtected = repo.protectedBranches.has(name);
      const git = renderGitCommit(ctx, repo, commit);
      return ok({
        name,
        commit: {
          sha,
          node_id: git.node_id,
          url: `${base}/commits/${sha}`,
          html_url: `${HTML}/${repo.owner}/${repo.name}/commit/${sha}`,
          comments_url: `${base}/commits/${sha}/comments`,
          // The branch's head commit as GitHub's `commit` schema has it (git data + comment_count).
          commit: {
            author: git.author,
            committer: git.committer,
            message: git.message,
            tree: git.tree,
            url: git.url,
            comment_count: 0,
            verification: git.verification,
          },
          author: null,
          committer: null,
          parents: git.parents,
        },
        _links: { html: `${HTML}/${repo.owner}/${repo.name}/tree/${name}`, self: `${base}/branches/${name}` },
        protected: isProtected,
        protection: { enabled: isProtected },
        protection_url: `${base}/branches/${name}/protection`,
      });
    }),

    // Contents
    route('GET', '/repos/{owner}/{repo}/contents/{path}', { contents: 'read' }, (ctx) => {
      const repo = repoOf(ctx);
      const ref = str(ctx.query.ref) || repo.defaultBranch;
      const sha = repo.git.resolve(ref);
      const commit = sha ? repo.git.commit(sha) : undefined;
      if (!commit) fail(404, `No commit found for the ref ${ref}`);
      const path = str(ctx.params.path).replace(/^\/+|\/+$/g, '');
      const flat = repo.git.flatten(commit.tree);
      const file = flat.get(path);
      if (file && file.type === 'blob') {
        const blob = repo.git.blob(file.sha);
        if (!blob) throw notFound();
        const accept = String(ctx.headers.accept ?? '');
        if (/application\/vnd\.github(\.v3)?\.raw/.test(accept))
          return { status: 200, raw: { contentType: 'application/vnd.github.raw; charset=utf-8', data: blob.content } };
        return ok({
          ...contentEntry(ctx, repo, path, 'file', blob.sha, blob.content.length, ref),
          encoding: 'base64',
          content: `${blob.content.toString('base64').replace(/(.{60})/g, '$1\n')}\n`,
        });
      }
      const prefix = path === '' ? '' : `${path}/`;
      const children = new Map<string, Record<string, unknown>>();
      for (const [p, e] of flat) {
        if (!p.startsWith(prefix)) continue;
        const rest = p.slice(prefix.length);
        const name = rest.split('/')[0] ?? rest;
        const childPath = `${prefix}${name}`;
        if (children.has(childPath)) continue;
        if (rest.includes('/')) {
          const treeSha = findTreeSha(repo.git, commit.tree, childPath);
          children.set(childPath, contentEntry(ctx, repo, childPath, 'dir', treeSha, 0, ref));
        } else {
          const size = repo.git.blob(e.sha)?.content.length ?? 0;
          children.set(childPath, contentEntry(ctx, repo, childPath, 'file', e.sha, size, ref));
        }
      }
      if (children.size === 0 && path !== '') throw notFound();
      return ok([...children.values()]);
    }),
    route('PUT', '/repos/{owner}/{repo}/contents/{path}', { contents: 'write' }, (ctx) => {
      const repo = repoOf(ctx);
      const body = bodyObject(ctx);
      const branch = str(body.branch) || repo.defaultBranch;
      const path = str(ctx.params.path).replace(/^\/+|\/+$/g, '');
      const head = repo.git.refs.get(`refs/heads/${branch}`);
      if (!head) fail(404, `Branch ${branch} not found`);
      const headCommit = repo.git.commit(head);
      const existing = headCommit ? repo.git.flatten(headCommit.tree).get(path) : undefined;
      const sha = typeof body.sha === 'string' ? body.sha : undefined;
      if (existing && sha === undefined) fail(422, `Invalid request.\n\n"sha" wasn't supplied.`);
      if (existing && sha !== existing.sha) fail(409, `${path} does not match ${sha ?? ''}`);
      if (!existing && sha !== undefined) fail(409, `${path} does not match ${sha}`);
      const author = person(ctx, body.author);
      const committer = person(ctx, body.committer, author);
      const content = Buffer.from(str(body.content), 'base64');
      const { commit, blobs } = repo.git.commitFiles(
        branch,
        new Map([[path, content]]),
        str(body.message),
        author,
        committer,
      );
      const blob = blobs.get(path);
      const rendered = renderGitCommit(ctx, repo, commit);
      return ok(
        {
          content: blob ? contentEntry(ctx, repo, path, 'file', blob.sha, blob.content.length, branch) : null,
          commit: rendered,
        },
        existing ? 200 : 201,
      );
    }),
  ];
}

function findTreeSha(git: import('./git.ts').GitStore, rootTree: string, dirPath: string): string {
  let sha = rootTree;
  for (const part of dirPath.split('/')) {
    const tree = git.tree(sha);
    const entry = tree?.entries.find((e) => e.path === part && e.type === 'tree');
    if (!entry) return '';
    sha = entry.sha;
  }
  return sha;
}
