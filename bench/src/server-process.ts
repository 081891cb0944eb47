// The loopback server runs in its own process so that it does not share the event loop (or, on
// 2 cores, the same core) with the clients being measured.
import { startJsonServer } from "./shared.ts";

const server = await startJsonServer();
process.stdout.write(`${server.url}\n`);
process.on("SIGTERM", () => void server.close().then(() => process.exit(0)));
