/**
 * GitHub's published OpenAPI description (from `@octokit/openapi`), loaded lazily, with request
 * and response validators compiled per operation on first use and cached.
 *
 * The description is OpenAPI 3.0.3: schemas are converted to JSON Schema for ajv on the way in
 * (`nullable` → `type: [.., 'null']` / `anyOf`, `x-*`/`example`/`discriminator` dropped, `oneOf` →
 * `anyOf` because GitHub's `oneOf` branches overlap), and only the components an operation
 * references are compiled (ghec.json carries `$ref`s to files the package does not ship; those
 * become `{}`).
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
}

const schemaIdPrefix = 'https://emulator.invalid/';

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
      node = this.resolvePointer(node.$ref);
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

  private refId(ref: string): string | undefined {
    const match = /^#\/components\/schemas\/(.+)$/.exec(ref);
    if (match?.[1]) return `${schemaIdPrefix}${this.name}/${match[1]}`;
    return undefined;
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
      const name = id.slice(`${schemaIdPrefix}${this.name}/`.length);
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

  /** The raw (OpenAPI) schema with `$ref`s resolved one level, for the response filler. */
  rawSchemaFor(ref: string): unknown {
    return this.resolvePointer(ref);
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
      });
    }
    const paramSchema = (where: string): JsonObject => {
      const list = params.filter((p) => p.in === where);
      const properties: JsonObject = {};
      for (const p of list) properties[p.name] = p.schema;
      return {
        type: 'object',
        properties,
        required: list.filter((p) => p.required).map((p) => p.name),
        additionalProperties: true,
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
  addFormats(ajv);
  // GitHub sends "" for unset URL fields (e.g. a deployment status's target_url) although the
  // description says `format: uri`; accept that, and any absolute URI.
  ajv.addFormat('uri', (s: string) => s === '' || /^[a-z][a-z0-9+.-]*:[^\s]*$/i.test(s));
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
export function convertSchema(node: unknown, refId: (ref: string) => string | undefined): unknown {
  if (!isObject(node)) return typeof node === 'boolean' ? node : {};
  if (typeof node.$ref === 'string') {
    const id = refId(node.$ref);
    const base: JsonObject = id ? { $ref: id } : {};
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
      out[key === 'oneOf' ? 'anyOf' : key] = (value as unknown[]).map((sub) => convertSchema(sub, refId));
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

/**
 * Fill properties that a response schema marks `required` but the emulator's object lacks, with
 * type-correct placeholders (null when nullable, '' / 0 / false / [] / {} otherwise, ISO time for
 * date-time, a URL for uri). Works on the raw OpenAPI schema, following `$ref`s.
 */
export function fillRequired(spec: Spec, schema: unknown, value: unknown, ctx: FillContext, depth = 0): unknown {
  if (depth > 12) return value;
  let node = schema;
  for (let i = 0; i < 10 && isObject(node) && typeof node.$ref === 'string'; i++) node = spec.rawSchemaFor(node.$ref);
  if (!isObject(node)) return value;
  if (Array.isArray(node.allOf)) {
    let out = value;
    for (const sub of node.allOf as unknown[]) out = fillRequired(spec, sub, out, ctx, depth + 1);
    return out;
  }
  const branches = Array.isArray(node.oneOf) ? node.oneOf : Array.isArray(node.anyOf) ? node.anyOf : undefined;
  if (branches) {
    if (value === undefined) return fillRequired(spec, (branches as unknown[])[0], undefined, ctx, depth + 1);
    return value;
  }
  if (value === undefined) {
    if (node.nullable === true) return null;
    if (Array.isArray(node.enum) && node.enum.length > 0) return node.enum[0] as unknown;
    switch (node.type) {
      case 'string':
        if (node.format === 'date-time') return ctx.now;
        if (node.format === 'uri') return ctx.baseUrl;
        if (node.format === 'email') return 'user@example.com';
        return '';
      case 'integer':
      case 'number':
        return 0;
      case 'boolean':
        return false;
      case 'array':
        return [];
      case 'object':
        return fillRequired(spec, node, {}, ctx, depth + 1);
      default:
        return isObject(node.properties) ? fillRequired(spec, node, {}, ctx, depth + 1) : null;
    }
  }
  if (Array.isArray(value)) {
    if (node.items === undefined) return value;
    return value.map((item: unknown) => fillRequired(spec, node.items, item, ctx, depth + 1));
  }
  if (isObject(value) && isObject(node.properties)) {
    const out: JsonObject = { ...value };
    const required = Array.isArray(node.required) ? (node.required as unknown[]) : [];
    for (const [name, sub] of Object.entries(node.properties)) {
      if (name in out) {
        if (out[name] !== null && typeof out[name] === 'object')
          out[name] = fillRequired(spec, sub, out[name], ctx, depth + 1);
      } else if (required.includes(name)) {
        out[name] = fillRequired(spec, sub, undefined, ctx, depth + 1);
      }
    }
    return out;
  }
  return value;
}

export interface FillContext {
  now: string;
  baseUrl: string;
}
