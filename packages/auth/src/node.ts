// Node-only pieces of @vendor-clients/auth: they need the file system or a local HTTP server.
export { fileTokenStore, defaultTokenFile, type FileTokenStoreOptions } from "./stores/file-store.ts";
export { loopbackLogin, type LoopbackLoginOptions } from "./loopback-login.ts";
