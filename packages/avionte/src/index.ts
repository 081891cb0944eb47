// Placeholder until the typed client lands: the generated types of this vendor's definition.
export type * from "./generated/front-office.js";
