// `pnpm env-example`: writes the repository's .env.example from each vendor's definition, so the
// file lists exactly the variables the clients read (a test checks it is up to date).
import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { envExample } from "@vendor-clients/auth";
import { VENDORS } from "@vendor-clients/stand-ins";

/** Every vendor of the workspace (the stand-ins read them from their package.json). */
export { VENDORS };

export const ENV_EXAMPLE_FILE = resolve(import.meta.dirname, "../../../.env.example");

export const envExampleText = () => envExample(VENDORS);

if (import.meta.url === `file://${process.argv[1]}`) {
  await writeFile(ENV_EXAMPLE_FILE, envExampleText());
  process.stdout.write(`wrote ${ENV_EXAMPLE_FILE}\n`);
}
