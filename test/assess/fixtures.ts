/** Workflow files for assessment tests: a repository that does everything, and ways to fall short. */
export const RELEASE_WORKFLOW = `
name: release
on:
  push:
    tags: ['v*']
permissions:
  contents: read
jobs:
  build:
    runs-on: ubuntu-latest
    permissions:
      id-token: write
      attestations: write
    steps:
      - uses: actions/checkout@v4
      - run: make dist
      - uses: actions/attest-build-provenance@v2
        with:
          subject-path: dist/app.tar.gz
  deploy:
    needs: build
    runs-on: ubuntu-latest
    environment: production
    steps:
      - uses: acme/secure-deploy@v0
        with:
          artifacts: dist/app.tar.gz
          certificate-identity: https://github.com/acme/app/.github/workflows/release.yml@refs/tags/v1
          certificate-oidc-issuer: https://token.actions.githubusercontent.com
          environment: production
          audit-log: |
            file audit/events.jsonl
            github acme/audit-log token-env=AUDIT_LEDGER_TOKEN
      - run: ./deploy.sh
      - uses: acme/secure-deploy/actions/verify-signatures@v0
        with:
          mode: post-deploy
          audit-log: |
            file audit/events.jsonl
            github acme/audit-log token-env=AUDIT_LEDGER_TOKEN
`;

export const ROTATE_WORKFLOW = `
name: rotate
on:
  schedule:
    - cron: '0 3 * * 1'
jobs:
  rotate:
    runs-on: ubuntu-latest
    steps:
      - uses: acme/secure-deploy/actions/rotate-secret@v0
        with:
          name: DB_PASSWORD
          instances: staging production
          audit-log: |
            file audit/events.jsonl
            github acme/audit-log token-env=AUDIT_LEDGER_TOKEN
`;

/**
 * A scheduled audit of the repository's organization with its audit log, a ledger (the audit
 * state's home) and a central sink: it reviews secret reads too.
 */
export const AUDIT_WORKFLOW = `
name: audit
on:
  schedule:
    - cron: '0 5 * * 1'
jobs:
  audit:
    runs-on: ubuntu-latest
    steps:
      - uses: acme/secure-deploy/actions/audit-secrets@v0
        with:
          organization: \${{ github.repository_owner }}
          ledger: acme/audit-log
          audit-log: |
            file audit/events.jsonl
            github acme/audit-log token-env=AUDIT_LEDGER_TOKEN
`;

/** A scheduled audit of its own repository only: no organization audit log, so no secret reads. */
export const REPO_AUDIT_WORKFLOW = `
name: audit
on:
  schedule:
    - cron: '0 5 * * 1'
jobs:
  audit:
    runs-on: ubuntu-latest
    steps:
      - uses: acme/secure-deploy/actions/audit-secrets@v0
        with:
          audit-log: |
            file audit/events.jsonl
            github acme/audit-log token-env=AUDIT_LEDGER_TOKEN
`;

/** Verification on a branch push, failing open, without audit sinks, and no environment. */
export const WEAK_WORKFLOW = `
name: deploy
on:
  push:
    branches: [main]
jobs:
  deploy:
    runs-on: ubuntu-latest
    continue-on-error: true
    steps:
      - uses: acme/secure-deploy/actions/verify-signatures@v0
        with:
          artifacts: dist/*
          checksums: SHA256SUMS
`;

/** A scheduled audit of a whole organization (optionally filtered), run from one repository such as acme/security. */
export function orgAuditWorkflow(org: string, filter: readonly string[] = []): string {
  const lines =
    filter.length > 0 ? `\n          repository-filter: |\n${filter.map((f) => `            ${f}\n`).join('')}` : '\n';
  return `
name: audit
on:
  schedule:
    - cron: '0 5 * * 1'
jobs:
  audit:
    runs-on: ubuntu-latest
    steps:
      - uses: acme/secure-deploy/actions/audit-secrets@v0
        with:
          organization: ${org}${lines.trimEnd()}
          ledger: acme/audit-log
          audit-log: |
            github acme/audit-log token-env=AUDIT_LEDGER_TOKEN
`;
}
