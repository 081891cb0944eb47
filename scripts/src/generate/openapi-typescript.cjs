// The parts of openapi-typescript that generate/openapi.ts uses (its transform, its printer and
// two helpers), from the modules its entry point re-exports them from. Run from source, this
// file; the generate bin bundles it with all it requires but TypeScript into one file of the
// same name beside its bundle, which the same require then finds: as published they are some
// seventy modules (Redocly's ref-utils with its utils, js-yaml and minimatch among them), found
// and read one by one.
module.exports = {
  transformSchema: require("openapi-typescript/dist/transform/index.cjs"),
  astToString: require("openapi-typescript/dist/lib/ts.cjs").astToString,
  resolveRef: require("openapi-typescript/dist/lib/utils.cjs").resolveRef,
  scanDiscriminators: require("openapi-typescript/dist/lib/utils.cjs").scanDiscriminators,
};
