// Placeholder until the typed client lands: the generated schema types.
export type * from "./generated/schema.js";
