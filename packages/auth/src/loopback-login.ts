import { checkOptions, LOOPBACK_LOGIN_OPTIONS } from "./options.ts";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { AbortError, ConfigError, OAuthError, TimeoutError } from "./errors.ts";
import type { AuthorizationCodeSource } from "./sources/authorization-code.ts";
import type { AccessToken } from "./token.ts";

export interface LoopbackLoginOptions {
  /**
   * Shows the authorize URL to the user: open a browser here. Default: print it to stderr.
   * It receives the URL only; the code verifier never leaves this process.
   */
  open?: (url: URL) => void | Promise<void>;
  /** Port to listen on (default: a free one). Vendors that register exact redirect URIs need a fixed one. */
  port?: number;
  /** Callback path (default "/callback"). */
  path?: string;
  /** Host name in the redirect URI (default "127.0.0.1"; RFC 8252 §7.3). The server always binds 127.0.0.1. */
  hostname?: string;
  /** Give up after this long (default 5 minutes). */
  timeoutMs?: number;
  signal?: AbortSignal;
}

const page = (title: string, text: string) =>
  `<!doctype html><meta charset="utf-8"><title>${title}</title><body style="font-family:sans-serif;margin:3em"><h1>${title}</h1><p>${text}</p></body>`;

/**
 * Logs a user in from a command-line program (RFC 8252): a server on 127.0.0.1 on a free port,
 * an authorize URL with state and PKCE, the redirect checked (state, error), the code exchanged,
 * and the server closed, whatever happens; it gives up after `timeoutMs`.
 */
export async function loopbackLogin(source: AuthorizationCodeSource, options: LoopbackLoginOptions = {}): Promise<AccessToken> {
  checkOptions("loopbackLogin", options, LOOPBACK_LOGIN_OPTIONS);
  const callbackPath = options.path ?? "/callback";
  if (!callbackPath.startsWith("/")) throw new ConfigError("path", `loopbackLogin: option "path" must start with "/"`);
  const timeoutMs = options.timeoutMs ?? 5 * 60_000;
  const server = createServer();
  server.keepAliveTimeout = 1;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const redirectUri = `http://${options.hostname ?? "127.0.0.1"}:${port}${callbackPath}`;

  try {
    const request = await source.createAuthorizationRequest({ redirectUri });
    const code = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(new TimeoutError(`login: no redirect came back to ${redirectUri} within ${Math.round(timeoutMs / 1000)} s`, timeoutMs)),
        timeoutMs,
      );
      const onAbort = () => reject(new AbortError("login was aborted", { cause: options.signal?.reason }));
      options.signal?.addEventListener("abort", onAbort, { once: true });
      const settle = () => {
        clearTimeout(timer);
        options.signal?.removeEventListener("abort", onAbort);
      };
      server.on("request", (req: IncomingMessage, res: ServerResponse) => {
        const url = new URL(req.url ?? "/", redirectUri);
        if (url.pathname !== callbackPath) return res.writeHead(404, { "content-type": "text/plain" }).end("not found");
        const reply = (status: number, title: string, text: string) =>
          res.writeHead(status, { "content-type": "text/html; charset=utf-8", connection: "close" }).end(page(title, text));
        // A redirect with another state is not ours (or is forged): refuse it and keep waiting.
        if (url.searchParams.get("state") !== request.state)
          return reply(400, "Login failed", "The answer did not match this login attempt (state mismatch). Start the login again.");
        settle();
        const error = url.searchParams.get("error");
        if (error) {
          const description = url.searchParams.get("error_description") ?? undefined;
          reply(400, "Login failed", "The authorization server refused the login; see the terminal.");
          return reject(
            new OAuthError(`login refused by the authorization server: ${error}${description ? ` "${description}"` : ""}`, {
              operation: "authorization",
              endpoint: redirectUri,
              error,
              ...(description ? { errorDescription: description } : {}),
            }),
          );
        }
        const received = url.searchParams.get("code");
        if (!received) {
          reply(400, "Login failed", "The redirect carried no authorization code.");
          return reject(
            new OAuthError("login: the redirect carried no authorization code", { operation: "authorization", endpoint: redirectUri }),
          );
        }
        reply(200, "Logged in", "You can close this window and return to the terminal.");
        resolve(received);
      });
      Promise.resolve(
        options.open ? options.open(request.url) : process.stderr.write(`Open this URL to log in:\n${request.url.href}\n`),
      ).catch(reject);
    });
    return await source.exchangeCode({
      code,
      codeVerifier: request.codeVerifier,
      redirectUri,
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } finally {
    server.closeAllConnections?.();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
