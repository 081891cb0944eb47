// The entry for the runtimes that run a file: Node, Bun and Deno. Each resolves
// @vendor-clients/ingram-micro from node_modules itself, with its own export conditions.
import { oneCall, type OneCallConfig } from "./one-call.ts";

declare const Deno: { args: string[] } | undefined;
const args: string[] = typeof Deno !== "undefined" ? Deno.args : process.argv.slice(2);
const config = JSON.parse(args[0] ?? "") as OneCallConfig;
console.log(JSON.stringify(await oneCall(config)));
