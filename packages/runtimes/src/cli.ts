// The entry for the runtimes that run a file: Node, Bun and Deno. Each resolves
// @vendor-clients/ingram-micro from node_modules itself, with its own export conditions.
import { exercise, type Job } from "./harness.ts";

declare const Deno: { args: string[] } | undefined;
const args: string[] = typeof Deno !== "undefined" ? Deno.args : process.argv.slice(2);
const job = JSON.parse(args[0] ?? "") as Job;
// The runtime's own console rendering of the refused call's error (Node's util.inspect, Bun's,
// Deno's: each shows properties and causes its own way) goes to stderr, which the test scans.
console.log(JSON.stringify(await exercise(job, (error) => console.error(error))));
