// @vendor-clients/otel: OpenTelemetry tracing for the vendor clients, as two steps of their
// pipeline. A package of its own, so that a client that does not trace bundles none of it.
import { context as otelContext, type Span, SpanKind, SpanStatusCode, type TracerProvider, trace } from "@opentelemetry/api";
import type { AddedStep, CallContext, RateLimitEvent, Step } from "@vendor-clients/auth";
import { matchTemplate } from "@vendor-clients/auth/internal";

export interface TracingOptions {
  /** Where spans go (default: the global tracer provider, which records nothing until one is registered). */
  tracerProvider?: TracerProvider;
  /**
   * The API's path templates, for `url.template` and span names: a list (`["/resellers/v6/orders/{orderNumber}"]`,
   * as `byEndpoint` takes it), or a function of the request. A request that matches none has no
   * `url.template`: its raw path (with its ids) is never recorded.
   */
  urlTemplate?: readonly string[] | ((request: Request) => string | undefined);
}

const NAME = "@vendor-clients/otel";
type Described = { name: string; attributes: Record<string, string | number> };
const DEFAULT_PORTS: Record<string, number> = { "https:": 443, "http:": 80 };

/**
 * Tracing as steps, for a client's `steps: { add: tracing() }` option: a span per call (outermost,
 * so it covers the token, the retries and the waits) and a span per attempt (inside the retries,
 * outside the rate limit, so a wait for the budget is an event on it), on API calls and token
 * requests alike, by OpenTelemetry's HTTP client semantic conventions. What is recorded is the
 * method, the host and port, the path template, the status, the resend count, the rate-limit
 * waits and the error's type: never a URL, a query, a header or a body, so no credential can be
 * in a span, whatever the server echoes.
 */
export function tracing(options: TracingOptions = {}): AddedStep[] {
  const provider = options.tracerProvider ?? trace.getTracerProvider();
  const tracer = provider.getTracer(NAME);
  const given = options.urlTemplate;
  const templateOf = typeof given === "function" ? given : matchTemplate(given ?? []);
  /** The call span of each call, the parent of its attempts' spans (no context manager needed), and what it was named by. */
  const calls = new WeakMap<CallContext, { span: Span; attempts: number; described: Described }>();

  /** A token request's template is its endpoint's path: a fixed URL the user configured, ids and all. */
  const describe = (request: Request, context: CallContext): Described => {
    const url = new URL(request.url);
    const template = context.operation ? url.pathname : safely(() => templateOf(request));
    const method = request.method.toUpperCase();
    return {
      name: template ? `${method} ${template}` : method,
      attributes: {
        "http.request.method": method,
        "server.address": url.hostname,
        "server.port": Number(url.port) || DEFAULT_PORTS[url.protocol] || 0,
        "url.scheme": url.protocol.slice(0, -1),
        ...(template ? { "url.template": template } : {}),
        // Which token request it was ("client_credentials token request"): names only, no values.
        ...(context.operation ? { "vendor_clients.operation": context.operation } : {}),
      },
    };
  };

  const call: Step = async (request, next, context) => {
    const described = describe(request, context);
    const span = tracer.startSpan(described.name, { kind: SpanKind.INTERNAL, attributes: described.attributes }, otelContext.active());
    calls.set(context, { span, attempts: 0, described });
    return ended(span, () => otelContext.with(trace.setSpan(otelContext.active(), span), () => next(request)));
  };

  const attempt: Step = async (request, next, context) => {
    const parent = calls.get(context);
    const resends = parent ? parent.attempts++ : 0;
    // An attempt is the call's request sent once more: named as its call (a template function runs once per call).
    const { name, attributes } = parent?.described ?? describe(request, context);
    const parentContext = parent ? trace.setSpan(otelContext.active(), parent.span) : otelContext.active();
    const span = tracer.startSpan(
      name,
      { kind: SpanKind.CLIENT, attributes: { ...attributes, ...(resends > 0 ? { "http.request.resend_count": resends } : {}) } },
      parentContext,
    );
    // The rate-limit step, inside this one, tells what it waited for: events on this attempt.
    // Recorded here, whatever the other listeners do (the rate-limit step ignores one that throws).
    const hear = (event: RateLimitEvent) => span.addEvent(`rate_limit.${event.type}`, rateLimitAttributes(event));
    const listeners = (context.rateLimitListeners ??= []);
    listeners.push(hear);
    try {
      return await ended(span, () => otelContext.with(trace.setSpan(parentContext, span), () => next(request)));
    } finally {
      listeners.splice(listeners.indexOf(hear), 1);
    }
  };

  return [
    { name: "tracing", step: call, before: "headers", pipelines: ["api", "token"] },
    { name: "tracing.attempt", step: attempt, after: "retry", pipelines: ["api", "token"] },
  ];
}

/** Runs the rest of the pipeline and ends `span` with what came of it. */
async function ended(span: Span, send: () => Promise<Response>): Promise<Response> {
  try {
    const response = await send();
    span.setAttribute("http.response.status_code", response.status);
    // For a client, any 4xx or 5xx is an error; its type is the status, as the conventions say.
    if (response.status >= 400) {
      span.setAttribute("error.type", String(response.status));
      span.setStatus({ code: SpanStatusCode.ERROR });
    }
    return response;
  } catch (error) {
    span.setAttribute("error.type", error instanceof Error ? error.name : "_OTHER");
    // No description: messages name the URL (its path holds ids), and error.type says what failed.
    span.setStatus({ code: SpanStatusCode.ERROR });
    throw error;
  } finally {
    span.end();
  }
}

/** What a rate-limit event says, without its key or URL (a key holds the client id). */
function rateLimitAttributes(event: RateLimitEvent): Record<string, string | number> {
  switch (event.type) {
    case "wait":
      return { "rate_limit.wait_ms": event.waitMs, "rate_limit.reason": event.reason, "rate_limit.limit": event.limit };
    case "refused":
      return { "rate_limit.wait_ms": event.waitMs, "rate_limit.max_wait_ms": event.maxWaitMs, "rate_limit.limit": event.limit };
    case "throttled":
      return { "rate_limit.pause_ms": event.pauseMs, "rate_limit.source": event.source, "http.response.status_code": event.status };
  }
}

/** A user's template function that throws leaves the span without a template rather than failing the call. */
function safely(get: () => string | undefined): string | undefined {
  try {
    return get();
  } catch {
    return undefined;
  }
}
