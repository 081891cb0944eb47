import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { promisify } from "node:util";
import { round } from "./shared.ts";

const run = promisify(execFile);
const require = createRequire(import.meta.url);
const bench = resolve(import.meta.dirname, "..");

const CONSUMER = `import { createIngramMicroClient } from "@vendor-clients/ingram-micro";
import { createAvnetClient } from "@vendor-clients/avnet";
import { createAvionteClient } from "@vendor-clients/avionte";
import { createAdvancedInventoryClient } from "@vendor-clients/advanced-inventory";
import { createNexarClient, searchMpn } from "@vendor-clients/nexar";
const im = createIngramMicroClient({ clientId: "i", clientSecret: "s", customerNumber: "1", countryCode: "US" });
export const a = im.GET("/resellers/v6/catalog", { params: { query: { pageSize: 5 } } });
export const b = createAvnetClient({ clientId: "i", clientSecret: "s", scope: "x", subscriptionKey: "k" }).POST("/external/customer/price/v1/", { body: { items: [] } });
export const c = createAvionteClient({ clientId: "i", clientSecret: "s", apiKey: "k", tenant: "t" }).GET("/talent/{talentId}", { params: { path: { talentId: 1 } } });
export const d = createAdvancedInventoryClient({ baseUrl: "https://x", clientId: "c", username: "u", password: "p" }).GET("/api/v1/Public/PingUTC");
export const e = searchMpn(createNexarClient({ clientId: "i", clientSecret: "s" }), "LM358");
`;

export interface TypecheckRow {
  compiler: string;
  seconds: number;
  ok: boolean;
  note?: string;
}

async function tsc(bin: string, project: string): Promise<{ seconds: number; ok: boolean; output: string }> {
  const started = performance.now();
  try {
    await run(process.execPath, [bin, "-p", project], { cwd: dirname(project) });
    return { seconds: round((performance.now() - started) / 1000, 2), ok: true, output: "" };
  } catch (error) {
    return {
      seconds: round((performance.now() - started) / 1000, 2),
      ok: false,
      output: String((error as { stdout?: string }).stdout ?? error).slice(0, 300),
    };
  }
}

/** Type-check time of one file that imports every client, with TypeScript 5 and with TypeScript 7's native compiler. */
export async function typecheck(): Promise<TypecheckRow[]> {
  const dir = await mkdtemp(join(bench, ".typecheck-"));
  await writeFile(join(dir, "consumer.ts"), CONSUMER);
  await writeFile(
    join(dir, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        target: "ES2022",
        module: "NodeNext",
        moduleResolution: "NodeNext",
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        types: [],
      },
      files: ["consumer.ts"],
    }),
  );
  const ts5 = join(dirname(require.resolve("typescript/package.json")), "bin", "tsc");
  const ts7 = join(dirname(require.resolve("typescript-7/package.json")), "bin", "tsc");
  const rows: TypecheckRow[] = [];
  const five = await tsc(ts5, join(dir, "tsconfig.json"));
  rows.push({ compiler: "TypeScript 5.9 (tsc)", seconds: five.seconds, ok: five.ok, ...(five.ok ? {} : { note: five.output }) });
  const seven = await tsc(ts7, join(dir, "tsconfig.json"));
  rows.push({ compiler: "TypeScript 7 (native)", seconds: seven.seconds, ok: seven.ok, ...(seven.ok ? {} : { note: seven.output }) });
  // The repository's own largest package, for the "use it where it works" question.
  const auth = resolve(bench, "../packages/ingram-micro/tsconfig.json");
  const repo5 = await tsc(ts5, auth);
  const repo7 = await tsc(ts7, auth);
  rows.push({ compiler: "TypeScript 5.9 on packages/ingram-micro", seconds: repo5.seconds, ok: repo5.ok });
  rows.push({
    compiler: "TypeScript 7 on packages/ingram-micro",
    seconds: repo7.seconds,
    ok: repo7.ok,
    ...(repo7.ok ? {} : { note: repo7.output }),
  });
  await rm(dir, { recursive: true, force: true });
  return rows;
}
