export const id = 507;
export const ids = [507];
export const modules = {

/***/ 1507:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  registerRotateCommands: () => (/* binding */ registerRotateCommands)
});

// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(7406);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./src/secrets/fingerprint.ts

/**
 * HMAC-SHA256 of a value under the `fingerprint-key`, as `hmac-sha256:<hex>`. Lets the audit see
 * that two instances share a value, or that a destination holds the expected one, without anyone
 * seeing values. Without the key a fingerprint cannot be used to guess a value.
 */
function fingerprint(key, value) {
    return `hmac-sha256:${(0,external_node_crypto_.createHmac)('sha256', key).update(value, 'utf8').digest('hex')}`;
}
/** Constant-time comparison of two fingerprints. */
function sameFingerprint(a, b) {
    const x = Buffer.from(a);
    const y = Buffer.from(b);
    return x.length === y.length && timingSafeEqual(x, y);
}
/** The first 12 hex digits, for titles and tables. */
function shortFingerprint(fp) {
    return fp.replace(/^hmac-sha256:/, '').slice(0, 12);
}

;// CONCATENATED MODULE: ./src/cli/rotate.ts


async function readStdin() {
    const chunks = [];
    for await (const chunk of process.stdin)
        chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
    return Buffer.concat(chunks)
        .toString('utf8')
        .replace(/\r?\n$/, '');
}
function registerRotateCommands(cli) {
    const rotate = cli.command('rotate').description('Secret rotation helpers');
    rotate
        .command('fingerprint')
        .description('Print the fingerprint of the value on standard input, keyed by the variable named by --key-env')
        .option('--key-env <name>', 'environment variable holding the fingerprint key', 'SECRET_FINGERPRINT_KEY')
        .action(async (opts) => {
        const key = process.env[opts.keyEnv] ?? '';
        if (key.length < 16)
            throw new errors/* ConfigurationError */.j1(`Set ${opts.keyEnv} to the fingerprint key (at least 16 characters).`);
        const value = await readStdin();
        if (value === '')
            throw new errors/* ConfigurationError */.j1('No value on standard input.');
        process.stdout.write(`${fingerprint(key, value)}\n`);
    });
}


/***/ })

};
