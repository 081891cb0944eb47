import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

/** Absolute path of a definition under specs/, e.g. specPath("avnet/apim.yaml"). */
export const specPath = (file: string) => resolve(root, "specs", file);
