import { afterAll, beforeAll } from "vitest";
import { startOAuthServer, type OAuthTestServer } from "./oauth-server.ts";
import { specPath } from "./paths.ts";
import { startPrism, type PrismOptions, type PrismServer } from "./prism.ts";

/**
 * What a REST vendor's tests run against, for the whole test file: a real OAuth server and Prism
 * checking every request against the vendor's definition (`definition`, relative to specs/).
 * Started before the file's tests, stopped after; read them as `servers.idp` and `servers.prism`.
 */
export function useVendorServers(
  definition: string,
  prismOptions?: PrismOptions,
): { readonly idp: OAuthTestServer; readonly prism: PrismServer } {
  let idp: OAuthTestServer | undefined;
  let prism: PrismServer | undefined;
  beforeAll(async () => {
    [idp, prism] = await Promise.all([startOAuthServer(), startPrism(specPath(definition), prismOptions)]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([idp?.stop(), prism?.stop()]);
  });
  const started = <T>(server: T | undefined, name: string): T => {
    if (!server) throw new Error(`the ${name} is read before the test file's servers started (use it inside a test)`);
    return server;
  };
  return {
    get idp() {
      return started(idp, "OAuth server");
    },
    get prism() {
      return started(prism, "Prism server");
    },
  };
}
