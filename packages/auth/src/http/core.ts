import { AbortError, ConfigError, NetworkError, TimeoutError, VendorClientsError, describeCause } from "../errors.ts";
import { consoleLogger, type Logger } from "../logger.ts";
import { optionalBoolean, optionalEnum, optionalFunction, optionalNumber, requireUrl } from "../options.ts";
import { redactUrl } from "../redact.ts";
import { SecretRegistry, sanitizeError } from "../secrets.ts";
import { BufferedResponse } from "./buffered-response.ts";
import { Cancellation } from "./cancellation.ts";
import { describeRequest, tooLarge } from "./describe.ts";
import { ClientRequest, hasBody, LightRequest, neverAborted } from "./light-request.ts";
import type { RateLimitEvent } from "../rate-limit/step.ts";
import { onAbort } from "../signals.ts";
import { BodyLimitExceeded, fetchTransport, type FetchLike, type Transport, type TransportResponse } from "./transport.ts";

/** Everything one call carries through the steps: its core, its retry budget, its redirect and size policy. */
export interface CallContext {
  readonly core: HttpCore;
  /** Further attempts this call may still make: one budget per call, whichever step spends it. */
  retriesLeft: number | undefined;
  /** Same-origin redirects are followed (up to `maxRedirects`); "refuse" (token requests) follows none. */
  readonly redirects: "same-origin" | "refuse";
  readonly maxResponseBytes: number | undefined;
  /** What the call is, for messages: "client_credentials token request"; API calls are named by method and URL. */
  readonly operation: string | undefined;
  /**
   * Headers the steps add for the wire only (lower-case names): credentials (Authorization, API
   * keys) and the vendor's headers. They go over whatever the request itself says, and never sit
   * on the caller's Request object, which openapi-fetch hands to its own middleware and hooks.
   */
  wireHeaders: Record<string, string> | undefined;
  /** Query parameters for the wire only (an API key where a header cannot be set): never in the Request's URL, a response's URL or a message. */
  wireQuery: Record<string, string> | undefined;
  /** The init the caller passed beside a Request (openapi-fetch's `requestInitExt`), for the fetch underneath. */
  readonly fetchInit: RequestInit | undefined;
  /**
   * Hear this call's rate-limit waits and throttles, beside the option's hook (a tracing step puts
   * them on its span). A step that listens adds its listener here (`(context.rateLimitListeners ??= []).push(hear)`)
   * and takes it out when its call is done; each listener hears every event, and one that throws
   * is ignored: it neither fails the call nor keeps the others from hearing.
   */
  rateLimitListeners: Array<(event: RateLimitEvent) => void> | undefined;
}

/** Sets a query parameter for the wire, for the attempts (and same-origin redirects) this call makes from here on. */
export function setWireQuery(context: CallContext, name: string, value: string): void {
  (context.wireQuery ??= {})[name] = value;
}

/** The URL as it goes on the wire: the request's, plus the call's wire-only query parameters. */
function wireUrl(url: string, context: CallContext): string {
  if (!context.wireQuery) return url;
  const parsed = new URL(url);
  for (const name in context.wireQuery) parsed.searchParams.set(name, context.wireQuery[name]!);
  return parsed.href;
}

/** Sets a header for the wire, for the attempts this call makes from here on. */
export function setWireHeader(context: CallContext, name: string, value: string): void {
  (context.wireHeaders ??= {})[name.toLowerCase()] = value;
}

export type Next = (request: Request) => Promise<Response>;

/**
 * One step of the pipeline: it may change the request, call `next` (zero, one or several times:
 * that is how retries work) and change or replace the response.
 */
export type Step = (request: Request, next: Next, context: CallContext) => Promise<Response>;

export interface HttpOptions {
  /** The fetch to send requests with. Default: on Node, undici's own request API (faster); elsewhere the runtime's fetch. */
  fetch?: FetchLike;
  /**
   * How requests reach the network, for special needs (a proxy: `undiciTransport({ dispatcher })`
   * from "@vendor-clients/auth/undici"). Default as for `fetch`; `fetch` wins when both are given.
   */
  transport?: Transport;
  /** Time limit of one attempt in ms, covering connecting, the headers and the whole body (default 30 000), or false for none. */
  timeoutMs?: number | false;
  /** Largest response body accepted, in bytes after decompression (default 32 MiB), or false for no limit. */
  maxResponseBytes?: number | false;
  /** Same-origin redirects followed in a row (default 5). Redirects to another origin are always refused. */
  maxRedirects?: number;
  /**
   * "buffer" (default): every body is read inside its attempt, under the deadline and the size
   * limit, so a connection that breaks mid-body is retried like one that breaks earlier. "stream":
   * bodies are handed over as they arrive, for large downloads; the size limit still applies and
   * a body that stalls for `timeoutMs` between chunks fails.
   */
  responseBody?: "buffer" | "stream";
  /** Allow credentials over plain http to hosts other than loopback (default false). */
  allowInsecureRequests?: boolean;
  /** Where warnings and (if it has `debug`) a line per attempt go; every line is scrubbed of secrets. */
  logger?: Logger;
}

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024;
const DEFAULT_MAX_REDIRECTS = 5;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** Whether the redirect policy has to look at this response (redirect.ts, loaded only then). */
const isRedirect = (raw: TransportResponse) => raw.opaqueRedirect || REDIRECT_STATUSES.has(raw.status);

let defaultTransport: () => Transport = () => fetchTransport();
/** The Node entry point installs the undici transport here; every other runtime keeps fetch. */
export const setDefaultTransport = (make: () => Transport) => {
  defaultTransport = make;
};

/** Responses the core returned, with the secrets of the client that made them: ApiError.from scrubs with them. */
const responseSecrets = new WeakMap<Response, SecretRegistry>();
export const secretsOf = (response: Response): SecretRegistry | undefined => responseSecrets.get(response);

// "localhost" itself, not *.localhost: those names go to the resolver, not necessarily to this machine.
const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;
export const isLoopback = (url: URL) => LOOPBACK.test(url.hostname);

/**
 * The one HTTP core every request goes through, token requests and API calls, REST and GraphQL.
 * It owns the guarantees: a deadline over each whole exchange, redirects decided here (never a
 * credential to another origin), bounded bodies, credentials only over TLS (loopback aside), and
 * the client's secret registry through which every error and log line is scrubbed.
 */
export class HttpCore {
  readonly secrets = new SecretRegistry();
  readonly logger: Logger;
  readonly timeoutMs: number | undefined;
  readonly maxResponseBytes: number | undefined;
  readonly maxRedirects: number;
  readonly responseBody: "buffer" | "stream";
  readonly allowInsecureRequests: boolean;
  readonly transport: Transport;

  constructor(options: HttpOptions = {}, owner = "client") {
    const timeoutMs =
      options.timeoutMs === false ? false : optionalNumber(owner, "timeoutMs", options.timeoutMs, { min: 1, max: 3_600_000 });
    this.timeoutMs = timeoutMs === false ? undefined : (timeoutMs ?? DEFAULT_TIMEOUT_MS);
    const maxBytes =
      options.maxResponseBytes === false
        ? false
        : optionalNumber(owner, "maxResponseBytes", options.maxResponseBytes, { min: 1, integer: true });
    this.maxResponseBytes = maxBytes === false ? undefined : (maxBytes ?? DEFAULT_MAX_RESPONSE_BYTES);
    this.maxRedirects =
      optionalNumber(owner, "maxRedirects", options.maxRedirects, { min: 0, max: 20, integer: true }) ?? DEFAULT_MAX_REDIRECTS;
    this.responseBody = optionalEnum(owner, "responseBody", options.responseBody, ["buffer", "stream"] as const) ?? "buffer";
    this.allowInsecureRequests = optionalBoolean(owner, "allowInsecureRequests", options.allowInsecureRequests) ?? false;
    optionalFunction(owner, "fetch", options.fetch);
    if (
      options.logger !== undefined &&
      (typeof options.logger?.warn !== "function" || (options.logger.debug !== undefined && typeof options.logger.debug !== "function"))
    )
      throw new ConfigError("logger", `${owner}: option "logger" must have a warn method (and optionally a debug method)`);
    this.logger = options.logger ?? consoleLogger;
    optionalFunction(owner, "transport", options.transport, "a transport function");
    this.transport = options.fetch ? fetchTransport(options.fetch) : (options.transport ?? defaultTransport());
  }

  /**
   * A URL option checked for where credentials may go: absolute http(s), no user info, and https
   * unless the host is loopback or the user allowed plain http by name.
   */
  url(owner: string, option: string, value: unknown): URL {
    const url = requireUrl(owner, option, value);
    if (url.protocol === "http:" && !isLoopback(url) && !this.allowInsecureRequests)
      throw new ConfigError(
        option,
        `${owner}: option "${option}" is plain http to ${url.host}: credentials would cross the network unencrypted. Use https, or set option "allowInsecureRequests: true" if that network is yours`,
      );
    return url;
  }

  /** Scrubs a line of text of every secret this core knows. */
  scrub(text: string): string {
    return this.secrets.scrub(text);
  }

  /**
   * Composes steps (first = outermost) over the core's exchange into a `fetch`: what openapi-fetch
   * and graphql-request take. `origins` are the only origins its requests may go to.
   */
  fetch(spec: {
    steps: readonly Step[];
    origins: readonly string[];
    redirects?: "same-origin" | "refuse";
    maxResponseBytes?: number;
    operation?: string;
  }): typeof globalThis.fetch {
    const prefixes = spec.origins.map((origin) => `${new URL(origin).origin}/`);
    const redirects = spec.redirects ?? "same-origin";
    const maxResponseBytes = spec.maxResponseBytes ?? this.maxResponseBytes;
    const terminal = (request: Request, context: CallContext) => exchange(request, context);
    const chain = spec.steps.reduceRight<(request: Request, context: CallContext) => Promise<Response>>(
      (inner, step) => (request, context) => step(request, (next) => inner(next, context), context),
      terminal,
    );
    const secrets = this.secrets;
    const call = async (request: Request, fetchInit: RequestInit | undefined): Promise<Response> => {
      if (!prefixes.some((prefix) => request.url.startsWith(prefix)))
        throw new ConfigError(
          "baseUrl",
          `${request.method} ${redactUrl(request.url)} refused: this client sends credentials only to ${prefixes.map((p) => p.slice(0, -1)).join(", ")}`,
        );
      const context: CallContext = {
        core: this,
        retriesLeft: undefined,
        redirects,
        maxResponseBytes,
        operation: spec.operation,
        wireHeaders: undefined,
        wireQuery: undefined,
        fetchInit,
        rateLimitListeners: undefined,
      };
      try {
        const response = await chain(request, context);
        responseSecrets.set(response, secrets);
        return response;
      } catch (error) {
        throw sanitizeError(error, secrets);
      }
    };
    // openapi-fetch hands over a ready Request (and its requestInitExt, if any): use it as it is rather than copy it.
    return ((input: RequestInfo | URL, init?: RequestInit) => {
      let request: Request;
      let fetchInit: RequestInit | undefined;
      try {
        if (input instanceof LightRequest)
          request = (init === undefined
            ? input
            : new LightRequest(input.url, {
                ...input.init,
                method: input.method,
                headers: input.headers,
                body: input.bodyInit,
                signal: input.signal,
                redirect: input.redirect,
                ...init,
              })) as unknown as Request;
        else if (input instanceof Request) {
          request = init === undefined ? input : new Request(input, init);
          fetchInit = init;
        } else request = new LightRequest(input, init) as unknown as Request;
      } catch (error) {
        // A header value with CR/LF/NUL: the platform's message quotes it whole.
        return Promise.reject(
          sanitizeError(new ConfigError("request", `the request could not be built: ${describeCause(error)}`), secrets),
        );
      }
      return call(request, fetchInit);
    }) as typeof globalThis.fetch;
  }
}

/**
 * One attempt on the wire: send, decide redirects, read the body, all under one deadline that
 * the caller's signal can cut short. Every failure comes out as one of this package's errors
 * naming the request (without secrets) and the stage it failed in.
 */
async function exchange(request: Request, context: CallContext): Promise<Response> {
  const { core } = context;
  const callerSignal = request.signal;
  if (callerSignal.aborted) throw new AbortError(`${describeRequest(request, context)} was aborted`, { cause: callerSignal.reason });
  const controller = new Cancellation();
  let timedOut = false;
  let stage = "waiting for the response headers";
  const timer = core.timeoutMs === undefined ? undefined : setTimeout(() => ((timedOut = true), controller.abort()), core.timeoutMs);
  // The signal of requests made without one never fires: no listener on it (it is shared by all of them).
  const stopListening =
    callerSignal === neverAborted() || ClientRequest.unsignalled(request) ? () => {} : onAbort(callerSignal, () => controller.abort());
  let streaming = false;
  try {
    // A request with a body may have to be sent again to a same-origin 307/308 target.
    const replay = hasBody(request) && context.redirects === "same-origin" && core.maxRedirects > 0 ? request.clone() : undefined;
    let current = request;
    let redirected = false;
    for (let hop = 0; ; hop++) {
      stage = "waiting for the response headers";
      const raw = await core.transport(current, controller, {
        url: wireUrl(current.url, context),
        headers: context.wireHeaders,
        init: context.fetchInit,
      });
      const next = isRedirect(raw)
        ? (await import("./redirect.ts")).redirectTarget(raw, current, request, context, hop, replay)
        : undefined;
      if (next) {
        current = next;
        redirected = true;
        continue;
      }
      if (core.responseBody === "stream" && context.operation === undefined) {
        const { streamedResponse } = await import("./streamed-response.ts");
        // The deadline or the caller's signal may have fired while the chunk loaded: fail as either would (the catch below names which).
        if (controller.aborted) throw new Error("cancelled before the body was handed over");
        const streamed = streamedResponse(raw, current, request, context, controller, timer, stopListening);
        streaming = true;
        return streamed;
      }
      stage = "reading the response body";
      let bytes: Uint8Array;
      try {
        bytes = await raw.read(context.maxResponseBytes);
      } catch (error) {
        if (error instanceof BodyLimitExceeded) throw tooLarge(current, raw.status, error.limitBytes, context);
        throw error;
      }
      try {
        return new BufferedResponse(bytes, {
          status: raw.status,
          statusText: raw.statusText,
          headers: raw.headers,
          url: current.url,
          redirected,
        });
      } catch (error) {
        throw new NetworkError(
          `${describeRequest(current, context)} answered what is not a valid HTTP response (status ${raw.status}): ${describeCause(error)}`,
          redactUrl(current.url),
          { cause: error },
        );
      }
    }
  } catch (error) {
    // Whatever failed, the connection is dropped: no body keeps downloading behind an error.
    controller.abort();
    if (timedOut)
      throw new TimeoutError(
        `${describeRequest(request, context)} got no complete response within ${core.timeoutMs} ms (${stage})`,
        core.timeoutMs!,
      );
    if (callerSignal.aborted)
      throw new AbortError(`${describeRequest(request, context)} was aborted (${stage})`, { cause: callerSignal.reason });
    if (error instanceof VendorClientsError) throw error;
    throw new NetworkError(`${describeRequest(request, context)} failed (${stage}): ${describeCause(error)}`, redactUrl(request.url), {
      cause: error,
    });
  } finally {
    if (!streaming) {
      clearTimeout(timer);
      stopListening();
    }
  }
}
