// The package entry point on Node: everything in index.ts, with undici's own request API as the
// default transport (the runtime's fetch stays the default everywhere else, and a `fetch` option
// still wins everywhere).
import { setDefaultTransport } from "./http/core.ts";
import { undiciTransport } from "./http/undici-transport.ts";

setDefaultTransport(() => undiciTransport());

export * from "./index.ts";
