import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const checkout = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

/**
 * Absolute path of a definition under specs/, e.g. specPath("avnet/apim.yaml"), in this checkout
 * or in VENDOR_CLIENTS_ROOT (as the scripts use it: a scaffolded package tested elsewhere).
 */
export const specPath = (file: string) => resolve(process.env.VENDOR_CLIENTS_ROOT ?? checkout, "specs", file);
