/**
 * GitHub's published OpenAPI description (from `@octokit/openapi`), loaded lazily, with request
 * and response validators compiled per operation on first use and cached.
 *
 * The description is OpenAPI 3.0.3: schemas are converted to JSON Schema for ajv on the way in
 * (`nullable` → `type: [.., 'null']` / `anyOf`, `x-*`/`example`/`discriminator` dropped, `oneOf`
 * kept exact), and only the components an operation references are compiled. Validation is
 * strict: formats (`uri`, `date-time`, ...) are ajv-formats' full RFC checks, an operation's query
 * may hold only the parameters it lists, and a `$ref` that does not resolve (ghec.json carries
 * `$ref`s to files the package does not ship) makes compiling the operation throw instead of
 * accepting anything. Where real GitHub differs from the description, `github-facts.ts` patches
 * the document when it loads — nowhere else.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import AjvModule from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { applyFacts } from './github-facts.ts';

const Ajv = AjvModule.default;
const addFormats = addFormatsModule.default;
type AjvInstance = InstanceType<typeof Ajv>;

export type SpecName = 'api.github.com' | 'ghec';

type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

interface SpecDocument {
  paths: Record<string, Record<string, unknown>>;
  components: Record<string, Record<string, unknown>>;
}

export interface ParameterInfo {
  name: string;
  in: string;
  required: boolean;
  schema: unknown;
  description: string;
}

export interface CompiledOperation {
  spec: SpecName;
  method: string;
  template: string;
  operationId: string;
  documentationUrl: string;
  /** Validates (and coerces in place) `{ path params }`. */
  validatePath: ValidateFunction;
  /** Validates (and coerces in place) `{ query params }`. */
  validateQuery: ValidateFunction;
  bodyRequired: boolean;
  /** Undefined when the operation takes no JSON body. */
  validateBody: ValidateFunction | undefined;
  /** Declared response statuses ('200', '204', 'default', ...). */
  responseStatuses: string[];
  /** Response schema per declared status (undefined: no body declared). */
  responseSchema(status: number): { declared: boolean; schema: unknown; validate: ValidateFunction | undefined };
  declares422: boolean;
  /** Names of the query parameters the operation lists. */
  queryParameters: string[];
  /** The `per_page` parameter's default (GitHub's page size when none is asked for), if it has one. */
  defaultPerPage: number | undefined;
  /** The largest `per_page` GitHub honours (stated in the parameter's description: "(max 30)"); 100 otherwise. */
  maxPerPage: number;
  /** Statuses whose response declares a `Link` header. */
  linkStatuses: string[];
}

const schemaIdPrefix = 'https://emulator.invalid/';
const unresolvedPrefix = `${schemaIdPrefix}unresolved/`;

/** A `$ref` in the description that points nowhere: the operation using it cannot be validated. */
export class UnresolvedRefError extends Error {
  constructor(spec: SpecName, ref: string) {
    super(
      `${spec}: the description refers to ${ref}, which it does not contain; an operation using it cannot be validated (resolve it in github-facts.ts or do not route the operation)`,
    );
    this.name = 'UnresolvedRefError';
  }
}

function packageRoot(): string {
  const require = createRequire(import.meta.url);
  // Resolve a file we know exists without loading the package index (which loads all documents).
  const pkg = require.resolve('@octokit/openapi/package.json');
  return dirname(pkg);
}

class Spec {
  readonly name: SpecName;
  private documentCache: SpecDocument | undefined;
  private readonly bodyAjv: AjvInstance;
  private readonly paramAjv: AjvInstance;
  private readonly added = new Map<AjvInstance, Set<string>>();
  private readonly converted = new Map<string, unknown>();
  private readonly operations = new Map<string, CompiledOperation>();

  constructor(name: SpecName) {
    this.name = name;
    this.bodyAjv = makeAjv(false);
    this.paramAjv = makeAjv(true);
    this.added.set(this.bodyAjv, new Set());
    this.added.set(this.paramAjv, new Set());
  }

  get document(): SpecDocument {
    if (!this.documentCache) {
      const file = join(packageRoot(), 'generated', `${this.name}.json`);
      const doc = JSON.parse(readFileSync(file, 'utf8')) as SpecDocument;
      // Where GitHub is known to differ from its description: one documented list (github-facts.ts).
      applyFacts(this.name, doc);
      this.documentCache = doc;
    }
    return this.documentCache;
  }

  private templateIndex: { method: string; template: string; regex: RegExp; literals: number }[] | undefined;

  /** The description's path template for a concrete request path, if it has one. */
  findTemplate(method: string, path: string): string | undefined {
    if (!this.templateIndex) {
      this.templateIndex = [];
      for (const [template, item] of Object.entries(this.document.paths)) {
        const source = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{\w+\}/g, '[^/]+');
        for (const m of Object.keys(item)) {
          if (m === 'parameters') continue;
          this.templateIndex.push({
            method: m.toUpperCase(),
            template,
            regex: new RegExp(`^${source}/?$`),
            literals: template.split('/').filter((s) => s !== '' && !s.startsWith('{')).length,
          });
        }
      }
      this.templateIndex.sort((a, b) => b.literals - a.literals);
    }
    return this.templateIndex.find((t) => t.method === method.toUpperCase() && t.regex.test(path))?.template;
  }

  hasOperation(method: string, template: string): boolean {
    const item = this.document.paths[template];
    return isObject(item) && isObject(item[method.toLowerCase()]);
  }

  /** Resolve a local `#/...` reference to the object it points at. */
  resolvePointer(ref: string): unknown {
    if (!ref.startsWith('#/')) return undefined;
    let node: unknown = this.document;
    for (const raw of ref.slice(2).split('/')) {
      const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
      if (!isObject(node)) return undefined;
      node = node[key];
    }
    return node;
  }

  /** Follow `$ref` chains on non-schema objects (parameters, responses, request bodies). */
  deref(value: unknown): unknown {
    let node = value;
    for (let i = 0; i < 10 && isObject(node) && typeof node.$ref === 'string'; i++) {
      const ref = node.$ref;
      node = this.resolvePointer(ref);
      if (node === undefined) throw new UnresolvedRefError(this.name, ref);
    }
    return node;
  }

  /** A component schema converted to JSON Schema (no $ref resolution). */
  componentSchema(name: string): unknown {
    const cached = this.converted.get(name);
    if (cached !== undefined) return cached;
    const raw = this.document.components.schemas?.[name];
    const result = convertSchema(raw, (ref) => this.refId(ref));
    this.converted.set(name, result);
    return result;
  }

  private refId(ref: string): string {
    const match = /^#\/components\/schemas\/(.+)$/.exec(ref);
    if (match?.[1]) return `${schemaIdPrefix}${this.name}/${match[1]}`;
    // Not a component schema (e.g. ghec.json's `server-statistics-actions.yaml`, a file the
    // package does not ship): remembered as unresolved; compiling a schema that uses it throws.
    return `${unresolvedPrefix}${encodeURIComponent(ref)}`;
  }

  /** Add every component a converted schema references (transitively) to `ajv`. */
  private ensureComponents(ajv: AjvInstance, schema: unknown): void {
    const added = this.added.get(ajv);
    if (!added) throw new Error('unknown ajv instance');
    const pending: string[] = [];
    collectRefs(schema, pending);
    while (pending.length > 0) {
      const id = pending.pop();
      if (id === undefined || added.has(id)) continue;
      if (id.startsWith(unresolvedPrefix)) {
        throw new UnresolvedRefError(this.name, decodeURIComponent(id.slice(unresolvedPrefix.length)));
      }
      const name = id.slice(`${schemaIdPrefix}${this.name}/`.length);
      if (this.document.components.schemas?.[name] === undefined) {
        throw new UnresolvedRefError(this.name, `#/components/schemas/${name}`);
      }
      const converted = this.componentSchema(name);
      added.add(id);
      ajv.addSchema(isObject(converted) ? { ...converted, $id: id } : { $id: id }, undefined, undefined, false);
      collectRefs(converted, pending);
    }
  }

  compileSchema(raw: unknown, coerce: boolean): ValidateFunction {
    const ajv = coerce ? this.paramAjv : this.bodyAjv;
    const schema = convertSchema(raw, (ref) => this.refId(ref));
    this.ensureComponents(ajv, schema);
    return ajv.compile(isObject(schema) ? schema : {});
  }

  operation(method: string, template: string): CompiledOperation {
    const key = `${method.toUpperCase()} ${template}`;
    const cached = this.operations.get(key);
    if (cached) return cached;
    const item = this.document.paths[template];
    const op = isObject(item) ? item[method.toLowerCase()] : undefined;
    if (!isObject(item) || !isObject(op)) throw new Error(`${this.name}: no operation ${key}`);
    const params: ParameterInfo[] = [];
    const listOf = (value: unknown): unknown[] => (Array.isArray(value) ? (value as unknown[]) : []);
    const rawParams = [...listOf(item.parameters), ...listOf(op.parameters)];
    for (const p of rawParams) {
      const resolved = this.deref(p);
      if (!isObject(resolved) || typeof resolved.name !== 'string' || typeof resolved.in !== 'string') continue;
      params.push({
        name: resolved.name,
        in: resolved.in,
        required: resolved.required === true,
        schema: resolved.schema ?? {},
        description: typeof resolved.description === 'string' ? resolved.description : '',
      });
    }
    // The query may carry only the parameters the operation lists: GitHub ignores others, so a
    // client sending one believes in a filter or option that is not applied. (Path parameters
    // come from the emulator's own router.)
    const paramSchema = (where: string): JsonObject => {
      const list = params.filter((p) => p.in === where);
      const properties: JsonObject = {};
      for (const p of list) properties[p.name] = p.schema;
      return {
        type: 'object',
        properties,
        required: list.filter((p) => p.required).map((p) => p.name),
        additionalProperties: where !== 'query',
      };
    };
    const validatePath = this.compileSchema(paramSchema('path'), true);
    const validateQuery = this.compileSchema(paramSchema('query'), true);

    let validateBody: ValidateFunction | undefined;
    let bodyRequired = false;
    const requestBody = this.deref(op.requestBody);
    if (isObject(requestBody) && isObject(requestBody.content)) {
      bodyRequired = requestBody.required === true;
      const media = requestBody.content['application/json'];
      if (isObject(media) && media.schema !== undefined) validateBody = this.compileSchema(media.schema, false);
    }

    const responses = isObject(op.responses) ? op.responses : {};
    const responseCache = new Map<string, { schema: unknown; validate: ValidateFunction | undefined }>();
    const responseSchema = (
      status: number,
    ): { declared: boolean; schema: unknown; validate: ValidateFunction | undefined } => {
      const key = String(status);
      const declaredKey = key in responses ? key : 'default' in responses ? 'default' : undefined;
      if (declaredKey === undefined) return { declared: false, schema: undefined, validate: undefined };
      const hit = responseCache.get(declaredKey);
      if (hit) return { declared: true, ...hit };
      const response = this.deref(responses[declaredKey]);
      let schema: unknown;
      if (isObject(response) && isObject(response.content)) {
        const media = response.content['application/json'] ?? Object.values(response.content)[0];
        if (isObject(media)) schema = media.schema;
      }
      const entry = { schema, validate: schema === undefined ? undefined : this.compileSchema(schema, false) };
      responseCache.set(declaredKey, entry);
      return { declared: true, ...entry };
    };

    const linkStatuses = Object.keys(responses).filter((status) => {
      const response = this.deref(responses[status]);
      const headers = isObject(response) && isObject(response.headers) ? response.headers : {};
      return Object.keys(headers).some((h) => h.toLowerCase() === 'link');
    });
    const perPageParam = params.find((p) => p.in === 'query' && p.name === 'per_page');
    const perPageSchema = this.deref(perPageParam?.schema);
    const maxPerPage = Number(/\(max (\d+)\)/.exec(perPageParam?.description ?? '')?.[1] ?? 100);
    const defaultPerPage =
      isObject(perPageSchema) && typeof perPageSchema.default === 'number' ? perPageSchema.default : undefined;

    const externalDocs = isObject(op.externalDocs) ? op.externalDocs : {};
    const compiled: CompiledOperation = {
      spec: this.name,
      method: method.toUpperCase(),
      template,
      operationId: typeof op.operationId === 'string' ? op.operationId : key,
      documentationUrl: typeof externalDocs.url === 'string' ? externalDocs.url : 'https://docs.github.com/rest',
      validatePath,
      validateQuery,
      bodyRequired,
      validateBody,
      responseStatuses: Object.keys(responses),
      responseSchema,
      declares422: '422' in responses,
      queryParameters: params.filter((p) => p.in === 'query').map((p) => p.name),
      defaultPerPage,
      maxPerPage,
      linkStatuses,
    };
    this.operations.set(key, compiled);
    return compiled;
  }
}

function makeAjv(coerce: boolean): AjvInstance {
  const ajv = new Ajv({
    strict: false,
    allErrors: true,
    coerceTypes: coerce ? 'array' : false,
    logger: false,
    validateSchema: false,
    addUsedSchema: false,
  });
  // ajv-formats' full mode: `uri` is an RFC 3986 absolute URI (never ""), `date-time` RFC 3339
  // with a time zone. Fields where GitHub sends "" are declared so in github-facts.ts.
  addFormats(ajv, { mode: 'full' });
  return ajv;
}

function collectRefs(schema: unknown, out: string[]): void {
  if (Array.isArray(schema)) {
    for (const item of schema) collectRefs(item, out);
    return;
  }
  if (!isObject(schema)) return;
  for (const [key, value] of Object.entries(schema)) {
    if (key === '$ref' && typeof value === 'string') out.push(value);
    else if (typeof value === 'object') collectRefs(value, out);
  }
}

const dropped = new Set(['example', 'examples', 'discriminator', 'xml', 'externalDocs', 'deprecated', 'nullable']);

/** OpenAPI 3.0 schema object → JSON Schema (draft-07 flavoured, as ajv understands it). */
export function convertSchema(node: unknown, refId: (ref: string) => string): unknown {
  if (!isObject(node)) return typeof node === 'boolean' ? node : {};
  if (typeof node.$ref === 'string') {
    const base: JsonObject = { $ref: refId(node.$ref) };
    return node.nullable === true ? { anyOf: [base, { type: 'null' }] } : base;
  }
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith('x-') || dropped.has(key)) continue;
    if ((key === 'properties' || key === 'patternProperties') && isObject(value)) {
      const props: JsonObject = {};
      for (const [name, sub] of Object.entries(value)) props[name] = convertSchema(sub, refId);
      out[key] = props;
    } else if (key === 'items' || key === 'not' || (key === 'additionalProperties' && typeof value === 'object')) {
      out[key] = convertSchema(value, refId);
    } else if ((key === 'allOf' || key === 'anyOf' || key === 'oneOf') && Array.isArray(value)) {
      // `oneOf` stays exact: a value matching two branches fails. Where GitHub's branches overlap
      // for a real answer, a fact in github-facts.ts patches that one schema.
      out[key] = (value as unknown[]).map((sub) => convertSchema(sub, refId));
    } else {
      out[key] = value;
    }
  }
  if (node.nullable === true) {
    if (typeof out.type === 'string') {
      out.type = [out.type, 'null'];
      if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...(out.enum as unknown[]), null];
    } else {
      return { anyOf: [out, { type: 'null' }] };
    }
  }
  return out;
}

const specs = new Map<SpecName, Spec>();

export function getSpec(name: SpecName): Spec {
  let spec = specs.get(name);
  if (!spec) {
    spec = new Spec(name);
    specs.set(name, spec);
  }
  return spec;
}

export type { Spec };

export function formatAjvErrors(errors: ErrorObject[] | null | undefined, where: string): string[] {
  if (!errors) return [];
  return errors.map((e) => {
    const path = `${where}${e.instancePath}`;
    const params = e.keyword === 'additionalProperties' ? ` (${String(e.params.additionalProperty)})` : '';
    const allowed = e.keyword === 'enum' ? ` (${JSON.stringify(e.params.allowedValues)})` : '';
    return `${path} ${e.message ?? e.keyword}${params}${allowed}`;
  });
}
