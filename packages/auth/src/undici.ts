// Node's fast transport, for a custom dispatcher (a proxy, other pool sizes):
//   createIngramMicroClient({ ..., transport: undiciTransport({ dispatcher: new ProxyAgent(url) }) })
// It is the default on Node already; this entry point is only for configuring it.
export { undiciTransport } from "./http/undici-transport.ts";
