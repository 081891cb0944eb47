// GraphQL and GraphQL Codegen as `pnpm generate` uses them (lib/graphql-modules.ts): one object,
// so one instance of each. Run from source, this file; the generate bin bundles it with all it
// requires into one file of the same name beside its bundle, which the same require then finds.
module.exports = {
  graphql: require("graphql"),
  validateSDL: require("graphql/validation/validate.js").validateSDL,
  codegen: require("@graphql-codegen/core"),
  typescript: require("@graphql-codegen/typescript"),
  typescriptOperations: require("@graphql-codegen/typescript-operations"),
  typedDocumentNode: require("@graphql-codegen/typed-document-node"),
};
