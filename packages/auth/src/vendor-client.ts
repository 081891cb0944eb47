import { oauth } from "./auth.ts";
import { createClientCore } from "./client-core.ts";
import { ConfigError } from "./errors.ts";
import { CLIENT_OPTIONS, checkOptions, type ExactOptions, type OptionNames, type VendorFactory } from "./options.ts";
import { clientCredentials, type ClientCredentialsOptions } from "./sources/client-credentials.ts";
import { isMissing, optionsOf, type VendorBuild, type VendorData, type VendorRecipe } from "./vendor-data.ts";

/**
 * A vendor client's factory from its data and its recipe: the options are checked as the data
 * says (each error names the option, a secret is never quoted), and `build` gets the checked
 * options with `vendor.core(recipe)` and `vendor.clientCredentials(extra)`. Reading the
 * environment is `defineVendor`'s, so a program that only calls the factory does not bundle it.
 */
export function vendorFactory<Options extends object, Client>(
  data: VendorData<Options>,
  build: (options: Options, vendor: VendorBuild) => Client,
): VendorFactory<Options, Client> {
  const { specs, owner, isRequired, check, normalize } = optionsOf(data);
  // The names a client of this vendor takes: every client's, and the vendor's own (once per vendor, not per client).
  // `environment` picks one of the vendor's base URLs.
  const names: OptionNames = {
    ...CLIENT_OPTIONS,
    ...(data.baseUrls ? { environment: true } : {}),
    ...Object.fromEntries([...specs.keys()].map((key) => [key, true as const])),
  };
  const environments = Object.keys(data.baseUrls ?? {});
  const declared = new Set((data.headers ?? []).map((h) => h.toLowerCase()));
  return function create<Given extends Options>(exact: ExactOptions<Options, Given>): Client {
    checkOptions(owner, exact, names);
    const given = normalize(exact);
    for (const [key, spec] of specs) {
      const value = given[key];
      if (isMissing(value)) {
        if (isRequired(spec, exact)) throw new ConfigError(key, `${owner}: option "${key}" is required: ${spec.description}`);
        continue;
      }
      check(key, spec, value, `${owner}: option "${key}"`);
    }
    // Checked, trimmed, aliases moved: what the recipe and the core are built from.
    const options = given as Options;
    const environment = given.environment ?? environments[0];
    const baseUrl = given.baseUrl ?? (environment !== undefined ? data.baseUrls?.[environment as string] : undefined);
    const tokenUrl = String(given.tokenUrl ?? data.tokenUrl ?? "");
    return build(options, {
      owner,
      tokenUrl,
      clientCredentials: (extra, cache) =>
        oauth(
          clientCredentials,
          {
            tokenUrl,
            clientId: given.clientId as string,
            clientSecret: given.clientSecret as ClientCredentialsOptions["clientSecret"],
            ...extra,
          },
          cache ? { cache } : {},
        ),
      core: ((recipe: VendorRecipe) => {
        const set = [
          ...Object.keys(recipe.headers?.static ?? {}),
          ...Object.keys(recipe.headers?.perRequest ?? {}),
          ...(recipe.apiKey && recipe.apiKey.in !== "query" ? [recipe.apiKey.name] : []),
        ];
        const undeclared = set.filter((h) => !declared.has(h.toLowerCase()));
        // A programming error in the vendor package: codegen would type these headers as the caller's to send.
        if (undeclared.length) throw new Error(`${owner}: header ${undeclared.join(", ")} is not among the headers ${data.id} declares`);
        // Keeps clients apart in a shared limiter; never a key (it is shown in errors and events).
        const scope = given.clientId === undefined ? data.id : `${data.id}|${given.clientId}`;
        const { rateLimit, tokenRateLimit, ...rest } = recipe;
        return createClientCore({
          ...rest,
          owner,
          options,
          baseUrl: recipe.baseUrl ?? baseUrl,
          ...(rateLimit ? { rateLimit: { scope, ...rateLimit } } : {}),
          ...(tokenRateLimit ? { tokenRateLimit: { scope, ...tokenRateLimit } } : {}),
        } as Parameters<typeof createClientCore>[0]);
      }) as VendorBuild["core"],
    });
  };
}
