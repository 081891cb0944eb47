// Redocly as lib/openapi.ts uses it. Run from source, this file; the generate bin bundles it with
// all it requires into one file of the same name beside its bundle, which the same require then
// finds: as published Redocly is hundreds of modules, and finding and reading them (not compiling
// them, which V8's code cache spares) took a fifth of a one-vendor run.
module.exports = require("@redocly/openapi-core");
