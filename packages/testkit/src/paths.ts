import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

const checkout = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

/**
 * Absolute path of a definition under specs/, e.g. specPath("avnet/apim.yaml"), in this checkout
 * or in VENDOR_CLIENTS_ROOT (as the scripts use it: a scaffolded package tested elsewhere).
 */
export const specPath = (file: string) => resolve(process.env.VENDOR_CLIENTS_ROOT ?? checkout, "specs", file);

/** A definition under specs/ parsed (YAML or JSON), for tests that check what it says against the vendor's facts. */
export const readDefinition = (file: string): Record<string, any> => parse(readFileSync(specPath(file), "utf8"));
