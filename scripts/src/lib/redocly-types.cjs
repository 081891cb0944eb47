// The parts of Redocly that lib/openapi-local.ts checks a definition with: its YAML parser (as
// its resolver calls it) and its OpenAPI type trees (what its `struct` rule checks each node
// against). A few modules of the hundreds of `@redocly/openapi-core`: run from source, this file;
// the generate bin bundles it with all it requires into one file of the same name beside its
// bundle, which the same require then finds (see redocly.cjs).
const { normalizeTypes, isNamedType, SpecExtension } = require("@redocly/openapi-core/lib/types");
const { detectSpec, getTypes } = require("@redocly/openapi-core/lib/oas-types");
const { parseYaml } = require("@redocly/openapi-core/lib/js-yaml");

module.exports = { normalizeTypes, isNamedType, SpecExtension, detectSpec, getTypes, parseYaml };
