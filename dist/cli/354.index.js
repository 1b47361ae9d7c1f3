export const id = 354;
export const ids = [354];
export const modules = {

/***/ 1354:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   registerTrustCommands: () => (/* binding */ registerTrustCommands)
/* harmony export */ });
/* harmony import */ var commander__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4915);
/* harmony import */ var _trust_policy_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6323);
/* harmony import */ var _trust_review_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9670);
/**
 * `secure-deploy trust review --policy FILE [--days N] [--json]`: anchors whose review date has
 * passed (error) or falls within N days (warning), and CA certificates, CRLs and keys that have
 * expired or expire within N days. Exit status 1 when there is an error.
 */



function parseDays(value) {
    if (!/^\d{1,4}$/.test(value))
        throw new commander__WEBPACK_IMPORTED_MODULE_0__/* .InvalidArgumentError */ .Di('give a whole number of days (0-9999)');
    return Number(value);
}
function registerTrustCommands(program) {
    const trust = program.command('trust').description('Govern the trust policy: who may sign what');
    trust
        .command('review')
        .description('List anchors due for review and certificates or keys that expired or expire soon; exit 1 on any error')
        .requiredOption('--policy <file>', 'the trust policy (YAML, schemas/trust-policy.v1.json)')
        .option('--days <n>', 'warn about what falls due within this many days', parseDays, 30)
        .option('--json', 'print the review as JSON')
        .action(async (options) => {
        const policy = (0,_trust_policy_js__WEBPACK_IMPORTED_MODULE_1__/* .loadTrustPolicy */ .H8)(options.policy);
        const review = await (0,_trust_review_js__WEBPACK_IMPORTED_MODULE_2__/* .reviewTrustPolicy */ .j0)(policy, { days: options.days });
        process.stdout.write(options.json ? `${JSON.stringify(review, null, 2)}\n` : (0,_trust_review_js__WEBPACK_IMPORTED_MODULE_2__/* .formatReview */ .SJ)(review));
        if (review.errors > 0)
            process.exitCode = 1;
    });
}


/***/ })

};
