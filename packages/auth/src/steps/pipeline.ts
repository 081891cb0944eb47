import { ConfigError } from "../errors.ts";
import { HttpCore, type HttpOptions, type Step } from "../http/core.ts";
import { asPlatformRequest } from "../http/light-request.ts";
import { checkOptions, CREATE_FETCH_OPTIONS } from "../options.ts";

export type { CallContext, Step, Next } from "../http/core.ts";

export interface CreateFetchOptions extends HttpOptions {
  /**
   * The origins requests may go to (e.g. the API's base URL). A request to any other origin is
   * refused before it leaves, so the credentials the steps add go nowhere else. Required.
   */
  origins: readonly (string | URL)[];
}

/**
 * Composes steps into one `fetch` over the core (first = outermost): what openapi-fetch's
 * `createClient({ fetch })` and graphql-request's `new GraphQLClient(url, { fetch })` take. The
 * vendor clients assemble theirs with `createClientCore`; this is for your own composition.
 */
export function createFetch(steps: readonly Step[], options: CreateFetchOptions): typeof globalThis.fetch {
  checkOptions("createFetch", options, CREATE_FETCH_OPTIONS);
  const core = new HttpCore(options, "createFetch");
  if (!Array.isArray(steps) || steps.some((step) => typeof step !== "function"))
    throw new ConfigError("steps", "createFetch: the steps must be a list of step functions");
  if (!Array.isArray(options?.origins) || options.origins.length === 0)
    throw new ConfigError(
      "origins",
      'createFetch: option "origins" must list the origins requests may go to, e.g. ["https://api.example.com"]',
    );
  const origins = options.origins.map((origin, i) => core.url("createFetch", `origins[${i}]`, origin).origin);
  // Every step here is the caller's composition: each is handed platform Requests.
  return core.fetch({ steps: steps.map(userStep), origins });
}

/**
 * Where a step runs, outermost first: once per call, outside the retries ("call"); the retry
 * loop ("retry"); once per attempt ("attempt"); nearest the wire, reading the raw answer ("wire").
 */
export const PHASES = ["call", "retry", "attempt", "wire"] as const;
export type Phase = (typeof PHASES)[number];
/** The two pipelines one client has: its API calls, and its token requests (token, refresh, revocation). */
export type PipelineKind = "api" | "token";

/**
 * The built-in steps in the one order that works, outermost first, with the pipelines each is in:
 * - headers: the vendor's headers, once per call, so every attempt carries the same correlation id;
 * - bearer: the token, outside the retries, so a token that cannot be had fails the call once
 *   (the token request has its own attempts) and a 401 gets one fresh token;
 * - retry: one budget per call for 429/5xx/timeouts/broken connections (token requests: POST too);
 * - rateLimit: a slot per request that reaches the network (every retry, every re-send after a
 *   401, every key failover), and a pause shared by every process when a server says 429;
 * - apiKey: per attempt, failing over between a key pair before the token is blamed;
 * - logging: a line per attempt, seeing every header that goes out (credentials redacted);
 * - vendor: the vendor's quirks, nearest the wire (they read the raw answer).
 * Under all of them, the core's exchange: deadline, redirects, body limit, scrubbing.
 */
export const BUILT_IN_STEPS = [
  { name: "headers", phase: "call", token: false },
  { name: "bearer", phase: "call", token: false },
  { name: "retry", phase: "retry", token: true },
  { name: "rateLimit", phase: "attempt", token: true },
  { name: "apiKey", phase: "attempt", token: false },
  { name: "logging", phase: "attempt", token: true },
  { name: "vendor", phase: "wire", token: false },
] as const satisfies readonly { name: string; phase: Phase; token: boolean }[];
export type StepName = (typeof BUILT_IN_STEPS)[number]["name"];

/** A step of your own, by name, and where it goes: at the end of a phase, or just before or after a named step. */
export interface AddedStep {
  /** Its name: unique, so that later entries, `replace` and `remove` can refer to it. */
  name: string;
  step: Step;
  /** At the end of this phase (default "attempt"), unless `before` or `after` says where. */
  phase?: Phase;
  /** A built-in step's name (offered by the editor) or one added before this entry. */
  before?: StepName | (string & {});
  after?: StepName | (string & {});
  /** The pipelines it joins (default API calls only: a signer must not touch token requests). */
  pipelines?: readonly PipelineKind[];
}

/** A client's `steps` option: its own steps added, and built-in ones replaced or removed, by name. */
export interface StepsOptions {
  add?: readonly AddedStep[];
  /** The step put in that step's place, in every pipeline it is in. */
  replace?: Readonly<Partial<Record<StepName | (string & {}), Step>>>;
  remove?: readonly (StepName | (string & {}))[];
}

interface Slot {
  name: string;
  phase: Phase;
  /** The pipelines it is in. */
  api: boolean;
  token: boolean;
  steps: readonly Step[];
}

/**
 * The one place pipelines are assembled: the built-in steps in their declared order (`built`
 * gives each one's functions for this client; a name it leaves out is a step this client does
 * not need), with the user's `steps` option applied by name. Every built-in name keeps its place
 * when its step is absent or removed, so `before`/`after` mean the same in every client.
 */
export function assembleSteps(
  kind: PipelineKind,
  built: Partial<Record<StepName, Step | readonly Step[] | undefined>>,
  options: StepsOptions | undefined,
  owner: string,
): Step[] {
  const slots: Slot[] = BUILT_IN_STEPS.map(({ name, phase, token }) => ({
    name,
    phase,
    api: true,
    token,
    steps: [built[name] ?? []].flat(),
  }));
  if (options) {
    const fail = (option: string, message: string) => new ConfigError(option, `${owner}: option "${option}" ${message}`);
    const find = (name: unknown, option: string) => {
      const at = slots.findIndex((slot) => slot.name === name);
      if (at < 0) throw fail(option, `names no step ${JSON.stringify(name)}; the steps are ${slots.map((slot) => slot.name).join(", ")}`);
      return at;
    };
    const step = (value: unknown, option: string) => {
      if (typeof value !== "function") throw fail(option, "must be a step function");
      return [userStep(value as Step)];
    };
    for (const [i, added] of (options.add ?? []).entries()) {
      const option = `steps.add[${i}]`;
      const { name, phase = "attempt", before, after, pipelines = ["api"] } = added ?? {};
      const rank = PHASES.indexOf(phase);
      if (
        !name ||
        typeof name !== "string" ||
        slots.some((slot) => slot.name === name) ||
        rank < 0 ||
        [added?.phase, before, after].filter((where) => where !== undefined).length > 1 ||
        !Array.isArray(pipelines)
      )
        throw fail(
          option,
          `must be { name, step } with a name no other step has, and at most one of phase (${PHASES.join(", ")}), before or after a step`,
        );
      const next = before !== undefined ? find(before, `${option}.before`) : after !== undefined ? find(after, `${option}.after`) + 1 : -1;
      // By phase: at its end, before the first step of a later one.
      const at = next >= 0 ? next : slots.findIndex((slot) => PHASES.indexOf(slot.phase) > rank);
      slots.splice(at < 0 ? slots.length : at, 0, {
        name,
        phase: next >= 0 ? slots[before !== undefined ? next : next - 1]!.phase : phase,
        api: pipelines.includes("api"),
        token: pipelines.includes("token"),
        steps: step(added?.step, `${option}.step`),
      });
    }
    for (const [name, value] of Object.entries(options.replace ?? {}))
      slots[find(name, "steps.replace")]!.steps = step(value, `steps.replace.${name}`);
    for (const name of options.remove ?? []) slots[find(name, "steps.remove")]!.steps = [];
  }
  return slots.flatMap((slot) => (slot[kind] ? slot.steps : []));
}

/**
 * A user's step, handed platform Requests: the core passes light ones between its own steps (a
 * platform Request is the largest fixed cost of a call), but user code sees what fetch would make.
 */
function userStep(step: Step): Step {
  const handed: Step = (request, next, context) => step(asPlatformRequest(request), next, context);
  // Named as the user's, for stack traces and for telling the assembled steps apart.
  return Object.defineProperty(handed, "name", { value: step.name });
}
