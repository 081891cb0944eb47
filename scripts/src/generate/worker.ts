// A worker thread of `generate` (generate.ts, `worker` option): generates the vendors it is given
// and posts their log lines and outcomes back. Its own V8 code cache, as every thread loads its
// modules itself.
import { parentPort, workerData } from "node:worker_threads";
import { codeCacheDir, enableCodeCache } from "./code-cache.ts";
import type { WorkerInput, WorkerMessage } from "./generate.ts";

const cache = enableCodeCache(codeCacheDir);
const { generateVendor } = await import("./vendor.ts");
const { root, jobs } = workerData as WorkerInput;
const post = (message: WorkerMessage) => parentPort!.postMessage(message);
const outcomes = [];
for (const job of jobs) outcomes.push(await generateVendor(root, job, (line) => post({ log: line })));
cache.save();
post({ outcomes });
