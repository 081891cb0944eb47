// `pnpm env-example`: writes the repository's .env.example from each vendor's definition, so the
// file lists exactly the variables the clients read (a test checks it is up to date).
import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { advancedInventory } from "@vendor-clients/advanced-inventory";
import { envExample } from "@vendor-clients/auth";
import { avionte } from "@vendor-clients/avionte";
import { avnet } from "@vendor-clients/avnet";
import { ingramMicro } from "@vendor-clients/ingram-micro";
import { nexar } from "@vendor-clients/nexar";

/** Every vendor, in the order the demo and the README list them. */
export const VENDORS = [ingramMicro, avnet, avionte, advancedInventory, nexar];

export const ENV_EXAMPLE_FILE = resolve(import.meta.dirname, "../../../.env.example");

export const envExampleText = () => envExample(VENDORS);

if (import.meta.url === `file://${process.argv[1]}`) {
  await writeFile(ENV_EXAMPLE_FILE, envExampleText());
  process.stdout.write(`wrote ${ENV_EXAMPLE_FILE}\n`);
}
