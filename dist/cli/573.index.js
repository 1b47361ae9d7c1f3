export const id = 573;
export const ids = [573];
export const modules = {

/***/ 9209:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   lk: () => (/* binding */ parseJsonText),
/* harmony export */   s0: () => (/* binding */ checkYamlNesting),
/* harmony export */   xG: () => (/* binding */ checkJsonNesting)
/* harmony export */ });
/* unused harmony export MAX_NESTING */
/* harmony import */ var yaml__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8815);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4296);
/**
 * A depth limit for the YAML and JSON files users give (policy files, trust policies, trusted
 * roots, bundles, findings files, workflow files read by the audit). The `yaml` library composes
 * documents recursively and overflows the stack on a few thousand nested lists ("Maximum call
 * stack size exceeded"), and so does anything that walks a parsed value recursively (schema
 * validation, canonical JSON). The depth is measured without recursion before anything parses the
 * text, and deeper files are refused with "nested too deeply".
 */


/** The deepest nesting of lists and maps accepted. Real files stay far below it (a Sigstore bundle: under 10). */
const MAX_NESTING = 64;
function lineAt(text, offset) {
    let line = 1;
    for (let i = 0; i < offset && i < text.length; i++)
        if (text.charCodeAt(i) === 10)
            line++;
    return line;
}
function tooDeep(what, text, offset) {
    return new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ConfigurationError */ .j1(`${what} is nested too deeply: more than ${MAX_NESTING} levels of lists and maps (line ${lineAt(text, offset)}). Flatten it.`);
}
/** Throws a ConfigurationError naming `what` when JSON text nests arrays and objects deeper than MAX_NESTING. */
function checkJsonNesting(text, what) {
    let depth = 0;
    let inString = false;
    for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (inString) {
            if (c === 92 /* \ */)
                i++;
            else if (c === 34 /* " */)
                inString = false;
        }
        else if (c === 34)
            inString = true;
        else if (c === 91 /* [ */ || c === 123 /* { */) {
            if (++depth > MAX_NESTING)
                throw tooDeep(what, text, i);
        }
        else if (c === 93 /* ] */ || c === 125 /* } */)
            depth--;
    }
}
/** `JSON.parse` after the depth check. */
function parseJsonText(text, what) {
    checkJsonNesting(text, what);
    return JSON.parse(text);
}
const COLLECTIONS = new Set(['block-map', 'block-seq', 'flow-collection']);
/**
 * Throws a ConfigurationError naming `what` when YAML text nests collections deeper than
 * MAX_NESTING. Reads the concrete syntax tree (which `yaml` builds without recursion) with an
 * explicit stack, so it cannot overflow itself.
 */
function checkYamlNesting(text, what) {
    const stack = [];
    for (const token of new yaml__WEBPACK_IMPORTED_MODULE_0__/* .Parser */ .iX().parse(text))
        stack.push([token, 0]);
    while (stack.length > 0) {
        const [node, outer] = stack.pop() ?? [{}, 0];
        const depth = COLLECTIONS.has(node.type ?? '') ? outer + 1 : outer;
        if (depth > MAX_NESTING)
            throw tooDeep(what, text, node.offset ?? 0);
        if (node.type === 'document' && node.value && typeof node.value === 'object') {
            stack.push([node.value, depth]);
        }
        for (const item of node.items ?? []) {
            for (const child of [item.key, item.value]) {
                if (child && typeof child === 'object')
                    stack.push([child, depth]);
            }
        }
    }
}


/***/ }),

/***/ 2269:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   mu: () => (/* binding */ compileAnchoredPattern)
/* harmony export */ });
/* unused harmony exports MAX_PATTERN_LENGTH, MAX_MATCH_LENGTH, PATTERN_SYNTAX_HELP */
/* harmony import */ var re2js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2856);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4296);
/**
 * User-written patterns (certificate identity patterns, trust-policy `identity-pattern`), compiled
 * on RE2 (re2js): matching takes time linear in the input, so no pattern and no crafted input (a
 * branch name in a certificate's identity) can make a deploy job hang, as `(a+)+` does on a
 * backtracking engine. What RE2 cannot express in linear time (backreferences, lookaround) is
 * refused with a message that says so.
 *
 * Every pattern is anchored at both ends whatever the user wrote: `release` never matches
 * `release-evil`. The pattern is compiled on its own first, so `a)|(b` cannot close the wrapping
 * group and leave `b` unanchored.
 */


/** Longest pattern accepted (characters). */
const MAX_PATTERN_LENGTH = 1024;
/** Longest text a pattern is matched against (characters); longer text never matches. */
const MAX_MATCH_LENGTH = 8192;
const PATTERN_SYNTAX_HELP = 'Patterns use RE2 syntax (https://github.com/google/re2/wiki/Syntax), which matches in linear time: no backreferences, no lookahead or lookbehind.';
/** Why RE2 refuses a pattern, in words a user can act on. */
function explain(pattern, error) {
    if (/\\[1-9]|\\k<|\\g\{?\d/.test(pattern))
        return 'backreferences are not supported';
    if (/\(\?<?[=!]/.test(pattern))
        return 'lookahead and lookbehind are not supported';
    if (/\(\?>/.test(pattern))
        return 'atomic groups are not supported';
    if (/[*+?}]\+/.test(pattern) && /missing argument|invalid nested repetition/.test((0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .gJ)(error))) {
        return 'possessive quantifiers are not supported';
    }
    return (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .gJ)(error).replace(/^error parsing regexp: /, '');
}
/**
 * Compiles `pattern` (named `what` in messages, e.g. "certificate-identity-regexp") anchored at
 * both ends. Throws a ConfigurationError that names it and says why when it is too long, not valid,
 * or needs more than RE2 offers.
 */
function compileAnchoredPattern(pattern, what) {
    if (pattern.length > MAX_PATTERN_LENGTH) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j1(`${what} is ${pattern.length} characters long; the limit is ${MAX_PATTERN_LENGTH}. Write a shorter pattern.`);
    }
    let re;
    try {
        // On its own first: an unbalanced `)` is an error here rather than an escape from the anchors.
        re2js__WEBPACK_IMPORTED_MODULE_1__/* .RE2JS */ .L3.compile(pattern);
        re = re2js__WEBPACK_IMPORTED_MODULE_1__/* .RE2JS */ .L3.compile(`^(?:${pattern})$`);
    }
    catch (error) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j1(`${what} '${pattern}' is not a valid pattern: ${explain(pattern, error)}. ${PATTERN_SYNTAX_HELP}`);
    }
    return {
        source: pattern,
        test: (text) => text.length <= MAX_MATCH_LENGTH && re.matches(text),
    };
}


/***/ }),

/***/ 5577:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $F: () => (/* binding */ notBefore),
/* harmony export */   $h: () => (/* binding */ OID_EKU_CODE_SIGNING),
/* harmony export */   Cw: () => (/* binding */ notAfter),
/* harmony export */   F$: () => (/* binding */ keyUsage),
/* harmony export */   PK: () => (/* binding */ certificateDer),
/* harmony export */   Qe: () => (/* binding */ unknownCriticalExtensions),
/* harmony export */   WW: () => (/* binding */ parseCertificates),
/* harmony export */   Zm: () => (/* binding */ notACaReason),
/* harmony export */   bD: () => (/* binding */ issuerName),
/* harmony export */   mn: () => (/* binding */ serialHex),
/* harmony export */   u5: () => (/* binding */ extendedKeyUsage),
/* harmony export */   vw: () => (/* binding */ basicConstraints),
/* harmony export */   wn: () => (/* binding */ subjectName),
/* harmony export */   xb: () => (/* binding */ OID_EKU_TIME_STAMPING)
/* harmony export */ });
/* unused harmony exports OID_BASIC_CONSTRAINTS, OID_KEY_USAGE, OID_EXT_KEY_USAGE, OID_ANY_EKU, parseCertificate, isSelfSigned */
/* harmony import */ var asn1js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4723);
/* harmony import */ var pkijs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9701);
/* harmony import */ var _pem_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5480);
/**
 * X.509 certificate facts read through pkijs: names, validity, basic constraints, key usage,
 * extended key usage. No ASN.1 is decoded by hand.
 */



const OID_BASIC_CONSTRAINTS = '2.5.29.19';
const OID_KEY_USAGE = '2.5.29.15';
const OID_EXT_KEY_USAGE = '2.5.29.37';
const OID_EKU_CODE_SIGNING = '1.3.6.1.5.5.7.3.3';
const OID_EKU_TIME_STAMPING = '1.3.6.1.5.5.7.3.8';
const OID_ANY_EKU = '2.5.29.37.0';
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
const KEY_USAGE_BITS = [
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
function parseCertificate(der, what = 'certificate') {
    try {
        return pkijs__WEBPACK_IMPORTED_MODULE_0__/* .Certificate */ .usT.fromBER((0,_pem_js__WEBPACK_IMPORTED_MODULE_1__/* .toArrayBuffer */ .XA)(der));
    }
    catch (error) {
        throw new Error(`${what} is not a DER X.509 certificate (${error instanceof Error ? error.message : String(error)})`);
    }
}
/** Every certificate in PEM text or DER bytes. */
function parseCertificates(bytes, what = 'certificate file') {
    if ((0,_pem_js__WEBPACK_IMPORTED_MODULE_1__/* .looksLikePem */ .o4)(bytes)) {
        const ders = (0,_pem_js__WEBPACK_IMPORTED_MODULE_1__/* .pemDecode */ .jK)(Buffer.from(bytes).toString('utf8'), 'CERTIFICATE');
        if (ders.length === 0)
            throw new Error(`${what} holds no PEM CERTIFICATE block`);
        return ders.map((der, i) => parseCertificate(der, `${what} (certificate ${i + 1})`));
    }
    return [parseCertificate(bytes, what)];
}
/** A certificate's subject as `CN=…, O=…` for messages. */
function subjectName(cert) {
    return rdnString(cert.subject);
}
function issuerName(cert) {
    return rdnString(cert.issuer);
}
const RDN_NAMES = {
    '2.5.4.3': 'CN',
    '2.5.4.10': 'O',
    '2.5.4.11': 'OU',
    '2.5.4.6': 'C',
    '2.5.4.7': 'L',
    '2.5.4.8': 'ST',
};
function rdnString(name) {
    const parts = name.typesAndValues.map((tv) => {
        const label = RDN_NAMES[tv.type] ?? tv.type;
        const value = tv.value.valueBlock.value;
        return `${label}=${typeof value === 'string' ? value : '?'}`;
    });
    return parts.length > 0 ? parts.join(', ') : '(empty name)';
}
/** Serial number as lower-case hex without leading zero bytes. */
function serialHex(cert) {
    const hex = Buffer.from(cert.serialNumber.valueBlock.valueHexView).toString('hex');
    return hex.replace(/^(00)+(?=..)/, '');
}
function notBefore(cert) {
    return cert.notBefore.value;
}
function notAfter(cert) {
    return cert.notAfter.value;
}
function extension(cert, oid) {
    return cert.extensions?.find((ext) => ext.extnID === oid);
}
/** `cA` from basic constraints, and the path length constraint when present. */
function basicConstraints(cert) {
    const ext = extension(cert, OID_BASIC_CONSTRAINTS);
    const parsed = ext?.parsedValue;
    if (!(parsed instanceof pkijs__WEBPACK_IMPORTED_MODULE_0__/* .BasicConstraints */ .N71))
        return { ca: false };
    const pathLen = parsed.pathLenConstraint;
    let pathLength;
    if (typeof pathLen === 'number')
        pathLength = pathLen;
    else if (pathLen instanceof asn1js__WEBPACK_IMPORTED_MODULE_2__/* .Integer */ .jz)
        pathLength = pathLen.valueBlock.valueDec;
    return pathLength === undefined ? { ca: parsed.cA } : { ca: parsed.cA, pathLength };
}
/** The key usage bits set, or undefined when the certificate has no key usage extension. */
function keyUsage(cert) {
    const ext = extension(cert, OID_KEY_USAGE);
    if (!ext)
        return undefined;
    const parsed = ext.parsedValue;
    if (!(parsed instanceof asn1js__WEBPACK_IMPORTED_MODULE_2__/* .BitString */ .Rq))
        return new Set();
    const bytes = parsed.valueBlock.valueHexView;
    const out = new Set();
    KEY_USAGE_BITS.forEach((name, bit) => {
        const byte = bytes[bit >> 3] ?? 0;
        if (byte & (0x80 >> (bit & 7)))
            out.add(name);
    });
    return out;
}
/** Extended key usage OIDs, or undefined when the certificate has none. */
function extendedKeyUsage(cert) {
    const ext = extension(cert, OID_EXT_KEY_USAGE);
    if (!ext)
        return undefined;
    const parsed = ext.parsedValue;
    if (!(parsed instanceof pkijs__WEBPACK_IMPORTED_MODULE_0__/* .ExtKeyUsage */ .KdO))
        return [];
    return parsed.keyPurposes;
}
/** Critical extensions this verifier does not understand (RFC 5280: such a certificate must be rejected). */
function unknownCriticalExtensions(cert) {
    return (cert.extensions ?? []).filter((ext) => ext.critical && !UNDERSTOOD.has(ext.extnID)).map((ext) => ext.extnID);
}
/** Why this certificate cannot act as a CA, or undefined when it can. */
function notACaReason(cert) {
    if (!basicConstraints(cert).ca)
        return 'its basic constraints do not say CA:TRUE';
    const usage = keyUsage(cert);
    if (usage && !usage.has('keyCertSign'))
        return 'its key usage lacks keyCertSign';
    return undefined;
}
/** True for a self-signed certificate whose signature verifies with its own key. */
async function isSelfSigned(cert) {
    if (!cert.subject.isEqual(cert.issuer))
        return false;
    try {
        return await cert.verify();
    }
    catch {
        return false;
    }
}
/** DER encoding of a parsed certificate. */
function certificateDer(cert) {
    return new Uint8Array(cert.toSchema().toBER(false));
}


/***/ }),

/***/ 5480:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   PQ: () => (/* binding */ pemBlocks),
/* harmony export */   XA: () => (/* binding */ toArrayBuffer),
/* harmony export */   jK: () => (/* binding */ pemDecode),
/* harmony export */   o4: () => (/* binding */ looksLikePem)
/* harmony export */ });
/* unused harmony export pemEncode */
/**
 * PEM armour: the base64 between BEGIN/END lines. Only the armour is handled here; every byte
 * inside is parsed by pkijs / node:crypto.
 */
const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;
/** Every PEM block in `text`, in order. */
function pemBlocks(text) {
    const out = [];
    for (const match of text.matchAll(BLOCK)) {
        const label = match[1] ?? '';
        const body = (match[2] ?? '').replace(/^[A-Za-z-]+:.*$/gm, '').replace(/\s+/g, '');
        out.push({ label, der: new Uint8Array(Buffer.from(body, 'base64')) });
    }
    return out;
}
/** DER bytes of every block labelled `label` (e.g. `CERTIFICATE`, `X509 CRL`). */
function pemDecode(text, label) {
    return pemBlocks(text)
        .filter((block) => block.label === label)
        .map((block) => block.der);
}
/** PEM armour around DER bytes. */
function pemEncode(der, label) {
    const b64 = Buffer.from(der).toString('base64');
    const lines = b64.match(/.{1,64}/g) ?? [];
    return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}
/** True when the bytes look like PEM text rather than DER. */
function looksLikePem(bytes) {
    return Buffer.from(bytes.subarray(0, 200)).toString('latin1').includes('-----BEGIN ');
}
/** An ArrayBuffer holding exactly these bytes (pkijs / asn1js want ArrayBuffers). */
function toArrayBuffer(bytes) {
    const copy = new ArrayBuffer(bytes.byteLength);
    new Uint8Array(copy).set(bytes);
    return copy;
}


/***/ }),

/***/ 8542:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  GO: () => (/* binding */ anchorsOfType),
  H8: () => (/* binding */ loadTrustPolicy),
  qZ: () => (/* binding */ readPinnedKey),
  NP: () => (/* binding */ rulesFor)
});

// UNUSED EXPORTS: anchorById, anchoredRegExp, normaliseFingerprint, parseTrustPolicy

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./node_modules/ajv/dist/ajv.js
var dist_ajv = __webpack_require__(2463);
// EXTERNAL MODULE: ./node_modules/ajv-formats/dist/index.js
var dist = __webpack_require__(2815);
var dist_default = /*#__PURE__*/__webpack_require__.n(dist);
// EXTERNAL MODULE: ./node_modules/minimatch/dist/esm/index.js + 8 modules
var esm = __webpack_require__(1138);
// EXTERNAL MODULE: ./node_modules/openpgp/dist/node/openpgp.mjs
var openpgp = __webpack_require__(3074);
// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var yaml_dist = __webpack_require__(8815);
// EXTERNAL MODULE: ./src/core/errors.ts
var core_errors = __webpack_require__(4296);
// EXTERNAL MODULE: ./src/core/pattern.ts
var core_pattern = __webpack_require__(2269);
// EXTERNAL MODULE: ./src/trust/certs.ts
var certs = __webpack_require__(5577);
// EXTERNAL MODULE: ./src/trust/pem.ts
var pem = __webpack_require__(5480);
;// CONCATENATED MODULE: ./schemas/trust-policy.v1.json
const trust_policy_v1_namespaceObject = /*#__PURE__*/JSON.parse('{"$schema":"http://json-schema.org/draft-07/schema#","$id":"https://github.com/secure-deploy/secure-deploy/schemas/trust-policy.v1.json","title":"secure-deploy trust policy, version 1","description":"Who may sign which artifact, and the checksum pins that stand in where signing is impossible.","type":"object","additionalProperties":false,"required":["version","anchors","rules"],"properties":{"version":{"const":1,"description":"The policy format version; only 1 exists."},"anchors":{"type":"array","minItems":1,"items":{"$ref":"#/definitions/anchor"}},"rules":{"type":"array","minItems":1,"items":{"$ref":"#/definitions/rule"}}},"definitions":{"id":{"type":"string","pattern":"^[A-Za-z0-9][A-Za-z0-9._-]*$"},"nonEmpty":{"type":"string","minLength":1},"date":{"type":"string","format":"date"},"pem":{"type":"string","pattern":"-----BEGIN [A-Z0-9 ]+-----"},"globs":{"oneOf":[{"type":"string","minLength":1},{"type":"array","minItems":1,"items":{"type":"string","minLength":1}}]},"anchor":{"type":"object","required":["type"],"discriminator":{"propertyName":"type"},"oneOf":[{"$ref":"#/definitions/sigstoreAnchor"},{"$ref":"#/definitions/publicKeyAnchor"},{"$ref":"#/definitions/x509CaAnchor"},{"$ref":"#/definitions/tsaAnchor"},{"$ref":"#/definitions/openpgpAnchor"}]},"sigstoreAnchor":{"type":"object","additionalProperties":false,"required":["id","type","owner","review-by","third-party","issuer"],"oneOf":[{"required":["identity"]},{"required":["identity-pattern"]}],"properties":{"id":{"$ref":"#/definitions/id"},"type":{"const":"sigstore"},"owner":{"$ref":"#/definitions/nonEmpty"},"review-by":{"$ref":"#/definitions/date"},"third-party":{"type":"boolean"},"description":{"type":"string"},"issuer":{"$ref":"#/definitions/nonEmpty"},"identity":{"$ref":"#/definitions/nonEmpty"},"identity-pattern":{"$ref":"#/definitions/nonEmpty"},"signer-workflow":{"$ref":"#/definitions/nonEmpty"},"source-repository":{"$ref":"#/definitions/nonEmpty"},"source-ref":{"$ref":"#/definitions/nonEmpty"},"signer-digest":{"type":"string","pattern":"^[0-9a-f]{40}([0-9a-f]{24})?$"},"source-digest":{"type":"string","pattern":"^[0-9a-f]{40}([0-9a-f]{24})?$"},"deny-self-hosted-runners":{"type":"boolean"}}},"publicKeyAnchor":{"type":"object","additionalProperties":false,"required":["id","type","owner","review-by","third-party"],"oneOf":[{"required":["key"]},{"required":["key-file"]}],"properties":{"id":{"$ref":"#/definitions/id"},"type":{"const":"public-key"},"owner":{"$ref":"#/definitions/nonEmpty"},"review-by":{"$ref":"#/definitions/date"},"third-party":{"type":"boolean"},"description":{"type":"string"},"key":{"$ref":"#/definitions/pem"},"key-file":{"$ref":"#/definitions/nonEmpty"}}},"x509CaAnchor":{"type":"object","additionalProperties":false,"required":["id","type","owner","review-by","third-party"],"oneOf":[{"required":["certificate"]},{"required":["certificate-file"]}],"properties":{"id":{"$ref":"#/definitions/id"},"type":{"const":"x509-ca"},"owner":{"$ref":"#/definitions/nonEmpty"},"review-by":{"$ref":"#/definitions/date"},"third-party":{"type":"boolean"},"description":{"type":"string"},"certificate":{"$ref":"#/definitions/pem"},"certificate-file":{"$ref":"#/definitions/nonEmpty"},"intermediates-file":{"$ref":"#/definitions/nonEmpty"},"crl-file":{"$ref":"#/definitions/nonEmpty"}}},"tsaAnchor":{"type":"object","additionalProperties":false,"required":["id","type","owner","review-by","third-party"],"oneOf":[{"required":["certificate"]},{"required":["certificate-file"]}],"properties":{"id":{"$ref":"#/definitions/id"},"type":{"const":"timestamp-authority"},"owner":{"$ref":"#/definitions/nonEmpty"},"review-by":{"$ref":"#/definitions/date"},"third-party":{"type":"boolean"},"description":{"type":"string"},"certificate":{"$ref":"#/definitions/pem"},"certificate-file":{"$ref":"#/definitions/nonEmpty"}}},"openpgpAnchor":{"type":"object","additionalProperties":false,"required":["id","type","owner","review-by","third-party","fingerprint"],"oneOf":[{"required":["key"]},{"required":["key-file"]}],"properties":{"id":{"$ref":"#/definitions/id"},"type":{"const":"openpgp"},"owner":{"$ref":"#/definitions/nonEmpty"},"review-by":{"$ref":"#/definitions/date"},"third-party":{"type":"boolean"},"description":{"type":"string"},"fingerprint":{"type":"string","description":"The full primary-key fingerprint: 40 (v4) or 64 (v6) hex digits, spaces allowed between groups of four (as gpg prints it, with two in the middle).","pattern":"^ *(?:[0-9A-Fa-f]{4} *){10}(?:(?:[0-9A-Fa-f]{4} *){6})?$"},"key":{"type":"string","pattern":"-----BEGIN PGP PUBLIC KEY BLOCK-----"},"key-file":{"$ref":"#/definitions/nonEmpty"}}},"rule":{"type":"object","description":"A rule with `checksum` is a checksum pin (a compensating measure, `reason` required); any other rule names the anchors that may sign the matching artifacts.","if":{"required":["checksum"]},"then":{"$ref":"#/definitions/checksumRule"},"else":{"$ref":"#/definitions/signatureRule"}},"signatureRule":{"type":"object","additionalProperties":false,"required":["artifacts","anchors"],"properties":{"artifacts":{"$ref":"#/definitions/globs"},"anchors":{"type":"array","minItems":1,"items":{"$ref":"#/definitions/id"}},"require":{"enum":["any","all"]},"description":{"type":"string"}}},"checksumRule":{"type":"object","additionalProperties":false,"required":["artifacts","checksum","reason"],"properties":{"artifacts":{"$ref":"#/definitions/globs"},"checksum":{"oneOf":[{"$ref":"#/definitions/checksum"},{"type":"array","minItems":1,"items":{"$ref":"#/definitions/checksum"}}]},"reason":{"type":"string","minLength":10},"description":{"type":"string"}}},"checksum":{"type":"string","pattern":"^(sha256:[0-9a-f]{64}|sha512:[0-9a-f]{128})$"}}}');
// EXTERNAL MODULE: ./src/core/nesting.ts
var nesting = __webpack_require__(9209);
;// CONCATENATED MODULE: ./src/trust/policy.ts
/**
 * The trust policy: who may sign which artifact, as governed data. A YAML file validated by the
 * JSON Schema shipped at `schemas/trust-policy.v1.json`; every error names the line, the path and
 * what is expected.
 */













// ajv-formats is CommonJS with a default export; under NodeNext the callable sits on `.default`.
const addFormats = ((dist_default())["default"] ?? (dist_default()));
let validator;
function validate(data) {
    if (!validator) {
        const ajv = new dist_ajv.Ajv({
            allErrors: true,
            discriminator: true,
            strict: true,
            strictRequired: false,
            allowUnionTypes: true,
            verbose: true,
        });
        addFormats(ajv);
        validator = ajv.compile(trust_policy_v1_namespaceObject);
    }
    return validator(data) ? [] : [...(validator.errors ?? [])];
}
/** Loads, validates and resolves a trust policy file. Throws ConfigurationError on any mistake. */
function loadTrustPolicy(path) {
    let text;
    try {
        text = (0,external_node_fs_.readFileSync)(path, 'utf8');
    }
    catch (error) {
        throw new core_errors/* ConfigurationError */.j1(`trust policy ${path} cannot be read: ${(0,core_errors/* errorMessage */.gJ)(error)}`);
    }
    return parseTrustPolicy(text, (0,external_node_path_.resolve)(path));
}
/**
 * Parses policy text. Relative `*-file` paths resolve against the policy file's directory
 * (or the working directory when `path` is empty).
 */
function parseTrustPolicy(text, path = '') {
    const name = path || 'trust policy';
    (0,nesting/* checkYamlNesting */.s0)(text, name);
    const lineCounter = new yaml_dist/* LineCounter */.HN();
    const doc = (0,yaml_dist/* parseDocument */.Tp)(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
    if (doc.errors.length > 0) {
        const first = doc.errors[0];
        const where = first?.linePos?.[0] ? `line ${first.linePos[0].line}` : 'somewhere';
        throw new core_errors/* ConfigurationError */.j1(`${name}: ${where}: not valid YAML: ${first?.message.split('\n')[0] ?? 'parse error'}`);
    }
    const data = doc.toJS({ maxAliasCount: 50 });
    const locate = (segments, key) => lineOf(doc, lineCounter, segments, key);
    const errors = validate(data);
    if (errors.length > 0) {
        const messages = [...new Set(explain(errors, locate))].slice(0, 10);
        throw new core_errors/* ConfigurationError */.j1(`${name} does not follow schemas/trust-policy.v1.json:\n${messages.map((m) => `  - ${m}`).join('\n')}`);
    }
    const base = path ? (0,external_node_path_.dirname)(path) : process.cwd();
    const raw = data;
    const problems = [];
    const anchors = [];
    const seen = new Map();
    raw.anchors.forEach((entry, index) => {
        const line = locate(['anchors', index]);
        const previous = seen.get(entry.id);
        if (previous !== undefined) {
            problems.push(`line ${line}: anchors/${index}: duplicate anchor id '${entry.id}' (first declared on line ${previous})`);
            return;
        }
        seen.set(entry.id, line);
        try {
            anchors.push(resolveAnchor(entry, line, base));
        }
        catch (error) {
            problems.push(`line ${line}: anchors/${index} (${entry.id}): ${(0,core_errors/* errorMessage */.gJ)(error)}`);
        }
    });
    const rules = raw.rules.map((entry, index) => {
        const line = locate(['rules', index]);
        const patterns = typeof entry.artifacts === 'string' ? [entry.artifacts] : entry.artifacts;
        for (const pattern of patterns) {
            if (pattern.split('/').includes('..')) {
                problems.push(`line ${line}: rules/${index}: pattern '${pattern}' must not contain '..'`);
            }
        }
        if ('checksum' in entry) {
            const list = typeof entry.checksum === 'string' ? [entry.checksum] : entry.checksum;
            return {
                kind: 'checksum',
                patterns,
                checksums: list.map((value) => {
                    const [algorithm, hex] = value.split(':');
                    return { algorithm, hex };
                }),
                reason: entry.reason,
                ...(entry.description === undefined ? {} : { description: entry.description }),
                line,
            };
        }
        for (const id of entry.anchors) {
            if (!seen.has(id)) {
                problems.push(`line ${line}: rules/${index}: anchor '${id}' is not declared under anchors (declared: ${[...seen.keys()].join(', ')})`);
            }
        }
        return {
            kind: 'signature',
            patterns,
            anchors: [...new Set(entry.anchors)],
            require: entry.require ?? 'any',
            ...(entry.description === undefined ? {} : { description: entry.description }),
            line,
        };
    });
    if (problems.length > 0) {
        throw new core_errors/* ConfigurationError */.j1(`${name} is not a usable trust policy:\n${problems.map((m) => `  - ${m}`).join('\n')}`);
    }
    return { version: 1, path, anchors, rules };
}
/**
 * The rules that apply to an artifact path (or an image reference such as `registry/app`), in
 * file order, each with its anchors resolved. An empty list means the policy says nothing about
 * the artifact — callers must treat that as a failure, never as a pass.
 */
function rulesFor(policy, artifactPath) {
    const subject = artifactPath.replace(/\\/g, '/').replace(/^\.\//, '');
    const byId = new Map(policy.anchors.map((anchor) => [anchor.id, anchor]));
    const out = [];
    for (const rule of policy.rules) {
        const hit = rule.patterns.some((pattern) => (0,esm/* minimatch */.xF)(subject, pattern.replace(/^\.\//, ''), { dot: true }));
        if (!hit)
            continue;
        if (rule.kind === 'checksum')
            out.push({ ...rule, resolvedAnchors: [] });
        else {
            const resolvedAnchors = rule.anchors.map((id) => byId.get(id)).filter((a) => a !== undefined);
            out.push({ ...rule, resolvedAnchors });
        }
    }
    return out;
}
/** The anchor with this id, or undefined. */
function anchorById(policy, id) {
    return policy.anchors.find((anchor) => anchor.id === id);
}
/** Anchors of one type. */
function anchorsOfType(policy, type) {
    return policy.anchors.filter((anchor) => anchor.type === type);
}
/** Normalises a fingerprint: lower-case hex, no spaces. */
function normaliseFingerprint(fingerprint) {
    return fingerprint.replace(/\s+/g, '').toLowerCase();
}
/**
 * Anchors `pattern` at both ends whatever the user wrote; it must compile on its own first, so
 * that `a)|(b` cannot close the wrapping group and leave `b` unanchored.
 */
function anchoredRegExp(pattern) {
    return (0,core_pattern/* compileAnchoredPattern */.mu)(pattern, 'identity-pattern');
}
function readRelative(base, file, what) {
    const full = (0,external_node_path_.isAbsolute)(file) ? file : (0,external_node_path_.resolve)(base, file);
    try {
        return new Uint8Array((0,external_node_fs_.readFileSync)(full));
    }
    catch (error) {
        throw new Error(`${what} ${full} cannot be read: ${(0,core_errors/* errorMessage */.gJ)(error)}`);
    }
}
function resolveAnchor(entry, line, base) {
    const common = {
        id: entry.id,
        owner: entry.owner,
        reviewBy: entry['review-by'],
        thirdParty: entry['third-party'],
        ...(entry.description === undefined ? {} : { description: entry.description }),
        line,
    };
    if (!isRealDate(entry['review-by']))
        throw new Error(`review-by '${entry['review-by']}' is not a calendar date`);
    switch (entry.type) {
        case 'sigstore': {
            const identityRegExp = entry['identity-pattern'] === undefined ? undefined : anchoredRegExp(entry['identity-pattern']);
            return {
                ...common,
                type: 'sigstore',
                issuer: entry.issuer,
                ...(entry.identity === undefined ? {} : { identity: entry.identity }),
                ...(entry['identity-pattern'] === undefined ? {} : { identityPattern: entry['identity-pattern'] }),
                ...(identityRegExp === undefined ? {} : { identityRegExp }),
                ...(entry['signer-workflow'] === undefined ? {} : { signerWorkflow: entry['signer-workflow'] }),
                ...(entry['source-repository'] === undefined ? {} : { sourceRepository: entry['source-repository'] }),
                ...(entry['source-ref'] === undefined ? {} : { sourceRef: entry['source-ref'] }),
                ...(entry['signer-digest'] === undefined ? {} : { signerDigest: entry['signer-digest'] }),
                ...(entry['source-digest'] === undefined ? {} : { sourceDigest: entry['source-digest'] }),
                denySelfHostedRunners: entry['deny-self-hosted-runners'] ?? false,
            };
        }
        case 'public-key': {
            const keyPem = entry.key ?? Buffer.from(readRelative(base, entry['key-file'] ?? '', 'key-file')).toString('utf8');
            if ((0,pem/* pemDecode */.jK)(keyPem, 'PUBLIC KEY').length !== 1) {
                throw new Error('the key must be exactly one PEM "PUBLIC KEY" block (SubjectPublicKeyInfo)');
            }
            return { ...common, type: 'public-key', keyPem };
        }
        case 'x509-ca': {
            const bytes = entry.certificate !== undefined
                ? new Uint8Array(Buffer.from(entry.certificate))
                : readRelative(base, entry['certificate-file'] ?? '', 'certificate-file');
            const what = entry['certificate-file'] ?? 'certificate';
            const certificates = (0,certs/* parseCertificates */.WW)(bytes, what);
            for (const cert of certificates) {
                const reason = (0,certs/* notACaReason */.Zm)(cert);
                if (reason) {
                    throw new Error(`${what} holds ${(0,certs/* subjectName */.wn)(cert)}, which is not a CA certificate: ${reason}; name the CA that issued your signing certificates, not the signing certificate itself`);
                }
            }
            const intermediates = entry['intermediates-file'] === undefined
                ? []
                : (0,certs/* parseCertificates */.WW)(readRelative(base, entry['intermediates-file'], 'intermediates-file'), entry['intermediates-file']);
            const crls = [];
            if (entry['crl-file'] !== undefined) {
                const crlBytes = readRelative(base, entry['crl-file'], 'crl-file');
                if ((0,pem/* looksLikePem */.o4)(crlBytes)) {
                    crls.push(...(0,pem/* pemDecode */.jK)(Buffer.from(crlBytes).toString('utf8'), 'X509 CRL'));
                    if (crls.length === 0)
                        throw new Error(`crl-file ${entry['crl-file']} holds no PEM "X509 CRL" block`);
                }
                else
                    crls.push(crlBytes);
            }
            return { ...common, type: 'x509-ca', certificates, intermediates, crls };
        }
        case 'timestamp-authority': {
            const bytes = entry.certificate !== undefined
                ? new Uint8Array(Buffer.from(entry.certificate))
                : readRelative(base, entry['certificate-file'] ?? '', 'certificate-file');
            return {
                ...common,
                type: 'timestamp-authority',
                certificates: (0,certs/* parseCertificates */.WW)(bytes, entry['certificate-file'] ?? 'certificate'),
            };
        }
        case 'openpgp': {
            const armoredKey = entry.key ?? Buffer.from(readRelative(base, entry['key-file'] ?? '', 'key-file')).toString('utf8');
            if (!armoredKey.includes('-----BEGIN PGP PUBLIC KEY BLOCK-----')) {
                throw new Error('the key must be an ASCII-armored "PGP PUBLIC KEY BLOCK"');
            }
            return { ...common, type: 'openpgp', fingerprint: normaliseFingerprint(entry.fingerprint), armoredKey };
        }
    }
}
/** Loads an OpenPGP anchor's key and checks its fingerprint pin. */
async function readPinnedKey(anchor) {
    let key;
    try {
        key = await openpgp/* readKey */.YZ({ armoredKey: anchor.armoredKey });
    }
    catch (error) {
        throw new core_errors/* ConfigurationError */.j1(`anchor ${anchor.id}: the OpenPGP key cannot be read: ${(0,core_errors/* errorMessage */.gJ)(error)}`);
    }
    const actual = key.getFingerprint().toLowerCase();
    if (actual !== anchor.fingerprint) {
        throw new core_errors/* ConfigurationError */.j1(`anchor ${anchor.id}: the key's fingerprint is ${actual}, not the pinned ${anchor.fingerprint}; the key file was replaced or the pin is wrong`);
    }
    return key;
}
function isRealDate(value) {
    const date = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}
function lineOf(doc, counter, segments, key) {
    let node = doc.contents;
    for (const segment of segments) {
        if ((0,yaml_dist/* isMap */.jh)(node) || (0,yaml_dist/* isSeq */.oP)(node)) {
            const next = node.get(segment, true);
            if (next === undefined)
                break;
            node = next;
        }
        else
            break;
    }
    if (key !== undefined && (0,yaml_dist/* isMap */.jh)(node)) {
        const pair = node.items.find((item) => {
            const k = item.key;
            return k?.value === key;
        });
        const keyNode = pair?.key;
        if (keyNode?.range)
            return counter.linePos(keyNode.range[0]).line;
    }
    const range = node?.range;
    return range ? counter.linePos(range[0]).line : 1;
}
function pathSegments(instancePath) {
    if (!instancePath)
        return [];
    return instancePath
        .split('/')
        .slice(1)
        .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
        .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}
function explain(errors, locate) {
    // Errors of failed branches are noise when a more specific error exists at or below the same path.
    const specific = errors.filter((e) => !['oneOf', 'anyOf', 'if'].includes(e.keyword));
    const out = [];
    const paths = new Set(specific.map((e) => e.instancePath));
    for (const error of errors) {
        const segments = pathSegments(error.instancePath);
        const where = error.instancePath || '/';
        const params = error.params;
        switch (error.keyword) {
            case 'additionalProperties': {
                const extra = String(params.additionalProperty);
                const line = locate(segments, extra);
                out.push(`line ${line}: ${where}: unknown key '${extra}'${suggestion(error)}`);
                break;
            }
            case 'required': {
                out.push(`line ${locate(segments)}: ${where}: missing required key '${String(params.missingProperty)}'${requiredHint(String(params.missingProperty))}`);
                break;
            }
            case 'format':
                out.push(`line ${locate(segments)}: ${where}: must be a ${String(params.format)} (YYYY-MM-DD), got ${JSON.stringify(error.data)}`);
                break;
            case 'const':
                out.push(`line ${locate(segments)}: ${where}: must be ${JSON.stringify(params.allowedValue)}`);
                break;
            case 'enum':
                out.push(`line ${locate(segments)}: ${where}: must be one of ${params.allowedValues.map((v) => JSON.stringify(v)).join(', ')}`);
                break;
            case 'discriminator': {
                const tag = typeof params.tag === 'string' ? params.tag : 'type';
                out.push(`line ${locate(segments)}: ${where}: '${tag}' must be one of sigstore, public-key, x509-ca, timestamp-authority, openpgp${params.tagValue === undefined ? '' : `, got ${JSON.stringify(params.tagValue)}`}`);
                break;
            }
            case 'oneOf':
            case 'anyOf': {
                if (Array.isArray(params.passingSchemas)) {
                    out.push(`line ${locate(segments)}: ${where}: give only one of ${alternatives(error)}`);
                }
                else if (![...paths].some((p) => p.startsWith(error.instancePath) && p !== error.instancePath) &&
                    !paths.has(error.instancePath)) {
                    out.push(`line ${locate(segments)}: ${where}: ${error.message ?? 'is invalid'}${alternatives(error) ? ` (give one of ${alternatives(error)})` : ''}`);
                }
                break;
            }
            case 'if':
                break;
            default:
                out.push(`line ${locate(segments)}: ${where}: ${error.message ?? 'is invalid'}`);
        }
    }
    // A oneOf of alternatives (identity / identity-pattern) whose branches all failed on `required`.
    return out;
}
function requiredHint(key) {
    switch (key) {
        case 'reason':
            return ': a checksum pin is a compensating measure and must say why the artifact cannot be verified by signature';
        case 'identity':
        case 'identity-pattern':
            return " (a Sigstore anchor needs 'identity' or 'identity-pattern')";
        case 'key':
        case 'key-file':
            return " ('key' inline or 'key-file')";
        case 'certificate':
        case 'certificate-file':
            return " ('certificate' inline PEM or 'certificate-file')";
        case 'review-by':
            return ': every anchor needs a review date';
        default:
            return '';
    }
}
function alternatives(error) {
    const schema = error.schema;
    if (!Array.isArray(schema))
        return '';
    const names = schema
        .map((branch) => branch.required)
        .filter((req) => Array.isArray(req))
        .map((req) => req.map((r) => `'${r}'`).join(' + '));
    return names.join(' or ');
}
function suggestion(error) {
    const params = error.params;
    const extra = String(params.additionalProperty);
    const parent = error.parentSchema;
    const props = parent?.properties;
    if (!props)
        return '';
    const known = Object.keys(props);
    const close = known.find((k) => k.replace(/[-_]/g, '') === extra.replace(/[-_]/g, '').toLowerCase());
    return close ? ` (did you mean '${close}'?)` : ` (allowed: ${known.join(', ')})`;
}


/***/ }),

/***/ 3152:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   SJ: () => (/* binding */ formatReview),
/* harmony export */   j0: () => (/* binding */ reviewTrustPolicy),
/* harmony export */   lf: () => (/* binding */ anchorsForUse)
/* harmony export */ });
/* unused harmony export reviewAnchor */
/* harmony import */ var openpgp__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3074);
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(4296);
/* harmony import */ var _certs_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5577);
/* harmony import */ var _pem_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(5480);
/* harmony import */ var pkijs__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9701);
/**
 * Trust reviews: the trusted-signer list is governed data with review dates. An anchor whose
 * `review-by` has passed is an error (and verify-signatures refuses it); one due within N days is
 * a warning. CA and TSA certificates, CRLs and OpenPGP keys that have expired (or been revoked)
 * are errors; those expiring within N days are warnings.
 */





const DAY = 86_400_000;
/** Reviews every anchor of the policy. Pure apart from reading OpenPGP keys (async). */
async function reviewTrustPolicy(policy, options = {}) {
    const now = options.now ?? new Date();
    const days = options.days ?? 30;
    const findings = [];
    for (const anchor of policy.anchors)
        findings.push(...(await reviewAnchor(anchor, now, days)));
    findings.sort((a, b) => (a.severity === b.severity ? a.days - b.days : a.severity === 'error' ? -1 : 1));
    return {
        policy: policy.path,
        checkedAt: now.toISOString(),
        days,
        anchors: policy.anchors.map((a) => ({
            id: a.id,
            type: a.type,
            owner: a.owner,
            reviewBy: a.reviewBy,
            thirdParty: a.thirdParty,
        })),
        findings,
        errors: findings.filter((f) => f.severity === 'error').length,
        warnings: findings.filter((f) => f.severity === 'warning').length,
    };
}
/** The findings for one anchor. */
async function reviewAnchor(anchor, now, days) {
    const out = [];
    const add = (severity, kind, date, message) => {
        const when = typeof date === 'string' ? new Date(`${date}T00:00:00Z`) : date;
        out.push({
            severity,
            kind,
            anchorId: anchor.id,
            owner: anchor.owner,
            thirdParty: anchor.thirdParty,
            date: typeof date === 'string' ? date : date.toISOString(),
            days: Math.floor((when.getTime() - startOfDay(now).getTime()) / DAY),
            line: anchor.line,
            message,
        });
    };
    const who = `anchor ${anchor.id} (${anchor.type}${anchor.thirdParty ? ', third party' : ''}, owner ${anchor.owner})`;
    const reviewDay = new Date(`${anchor.reviewBy}T00:00:00Z`);
    const today = startOfDay(now);
    const dueIn = Math.floor((reviewDay.getTime() - today.getTime()) / DAY);
    if (dueIn < 0) {
        add('error', 'review-overdue', anchor.reviewBy, `${who}: review was due on ${anchor.reviewBy}, ${-dueIn} days ago; confirm the signer is still trusted and move review-by, or remove the anchor`);
    }
    else if (dueIn <= days) {
        add('warning', 'review-due', anchor.reviewBy, `${who}: review is due on ${anchor.reviewBy}, in ${dueIn} days`);
    }
    const certs = anchor.type === 'x509-ca'
        ? [
            ...anchor.certificates.map((c) => ['CA certificate', c]),
            ...anchor.intermediates.map((c) => ['intermediate certificate', c]),
        ]
        : anchor.type === 'timestamp-authority'
            ? anchor.certificates.map((c) => ['TSA certificate', c])
            : [];
    for (const [label, cert] of certs) {
        const end = (0,_certs_js__WEBPACK_IMPORTED_MODULE_1__/* .notAfter */ .Cw)(cert);
        const name = `${label} ${(0,_certs_js__WEBPACK_IMPORTED_MODULE_1__/* .subjectName */ .wn)(cert)}`;
        const left = (end.getTime() - now.getTime()) / DAY;
        if (left < 0)
            add('error', 'certificate-expired', end, `${who}: ${name} expired on ${end.toISOString()}`);
        else if (left <= days)
            add('warning', 'certificate-expiring', end, `${who}: ${name} expires on ${end.toISOString()}, in ${Math.floor(left)} days`);
        if ((0,_certs_js__WEBPACK_IMPORTED_MODULE_1__/* .notBefore */ .$F)(cert) > now)
            add('warning', 'certificate-not-yet-valid', (0,_certs_js__WEBPACK_IMPORTED_MODULE_1__/* .notBefore */ .$F)(cert), `${who}: ${name} is not valid before ${(0,_certs_js__WEBPACK_IMPORTED_MODULE_1__/* .notBefore */ .$F)(cert).toISOString()}`);
    }
    if (anchor.type === 'x509-ca') {
        for (const der of anchor.crls) {
            try {
                const crl = pkijs__WEBPACK_IMPORTED_MODULE_2__/* .CertificateRevocationList */ .kNr.fromBER((0,_pem_js__WEBPACK_IMPORTED_MODULE_3__/* .toArrayBuffer */ .XA)(der));
                const next = crl.nextUpdate?.value;
                if (next && next < now)
                    add('error', 'crl-stale', next, `${who}: its CRL was due for renewal on ${next.toISOString()}; signatures are refused until a fresh CRL is in place`);
                else if (next && (next.getTime() - now.getTime()) / DAY <= days) {
                    add('warning', 'crl-stale', next, `${who}: its CRL must be renewed by ${next.toISOString()}`);
                }
            }
            catch (error) {
                add('error', 'crl-stale', now, `${who}: its CRL cannot be parsed: ${(0,_core_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .errorMessage */ .gJ)(error)}`);
            }
        }
    }
    if (anchor.type === 'openpgp') {
        try {
            const key = await openpgp__WEBPACK_IMPORTED_MODULE_0__/* .readKey */ .YZ({ armoredKey: anchor.armoredKey });
            if (key.getFingerprint().toLowerCase() !== anchor.fingerprint) {
                add('error', 'key-unreadable', now, `${who}: the key's fingerprint ${key.getFingerprint()} is not the pinned ${anchor.fingerprint}`);
            }
            else if (await key.isRevoked(undefined, undefined, now)) {
                add('error', 'key-revoked', now, `${who}: OpenPGP key ${anchor.fingerprint} has been revoked`);
            }
            else {
                const expiry = await key.getExpirationTime();
                if (expiry instanceof Date) {
                    const left = (expiry.getTime() - now.getTime()) / DAY;
                    if (left < 0)
                        add('error', 'key-expired', expiry, `${who}: OpenPGP key ${anchor.fingerprint} expired on ${expiry.toISOString()}`);
                    else if (left <= days)
                        add('warning', 'key-expiring', expiry, `${who}: OpenPGP key ${anchor.fingerprint} expires on ${expiry.toISOString()}, in ${Math.floor(left)} days`);
                }
            }
        }
        catch (error) {
            add('error', 'key-unreadable', now, `${who}: the OpenPGP key cannot be read: ${(0,_core_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .errorMessage */ .gJ)(error)}`);
        }
    }
    return out;
}
/**
 * For verify-signatures when it loads the policy: the anchors it must refuse (review overdue,
 * expired) and the warnings to show. `ids` limits the check to the anchors a run uses.
 */
async function anchorsForUse(policy, options = {}) {
    const review = await reviewTrustPolicy(options.ids ? { ...policy, anchors: policy.anchors.filter((a) => options.ids?.includes(a.id)) } : policy, options);
    return {
        refused: review.findings.filter((f) => f.severity === 'error'),
        warnings: review.findings.filter((f) => f.severity === 'warning'),
    };
}
/** A plain-text report for terminals and job logs. */
function formatReview(review) {
    const lines = [
        `Trust review of ${review.policy || 'the trust policy'} at ${review.checkedAt} (warning window: ${review.days} days)`,
        `${review.anchors.length} anchors: ${review.errors} errors, ${review.warnings} warnings`,
    ];
    for (const finding of review.findings) {
        lines.push(`${finding.severity === 'error' ? 'ERROR  ' : 'WARNING'} line ${finding.line}: ${finding.message}`);
    }
    if (review.findings.length === 0)
        lines.push('Every anchor is within its review date and validity.');
    return `${lines.join('\n')}\n`;
}
function startOfDay(date) {
    return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
}


/***/ })

};
