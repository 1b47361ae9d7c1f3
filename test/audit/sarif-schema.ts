/**
 * Validates SARIF against the OASIS SARIF 2.1.0 JSON schema. The schema is not written here: it
 * comes from a package that ships it (`@microsoft/jest-sarif`, lib/schemas/sarif-2.1.0-rtm.5.json),
 * or from SARIF_SCHEMA. The schema is draft-04; ajv reads it once its draft-04 `id` is renamed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { REPO_ROOT } from '../support/runner.ts';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

function sarifSchemaPath(): string | undefined {
  const candidates = [
    process.env.SARIF_SCHEMA,
    join(REPO_ROOT, 'node_modules', '@microsoft', 'jest-sarif', 'lib', 'schemas', 'sarif-2.1.0-rtm.5.json'),
  ];
  return candidates.find((p): p is string => p !== undefined && p !== '' && existsSync(p));
}

/** Schema errors (empty when valid). Throws when no schema is available: a test must not pass unvalidated. */
export function validateSarif(sarif: unknown): string[] {
  const path = sarifSchemaPath();
  if (!path) {
    throw new Error(
      'No SARIF 2.1.0 schema: add the devDependency @microsoft/jest-sarif (it ships the schema) or set SARIF_SCHEMA.',
    );
  }
  const schema = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  delete schema.$schema;
  if (typeof schema.id === 'string') {
    schema.$id = schema.id;
    delete schema.id;
  }
  const ajv = addFormats(new Ajv({ strict: false, allErrors: true, validateFormats: true, unicodeRegExp: false }));
  const validate = ajv.compile(schema);
  if (validate(sarif)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}
