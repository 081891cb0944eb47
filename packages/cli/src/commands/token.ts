import { parse, requireVendor, tokenStore, type Io } from "../io.ts";

export const TOKEN_HELP = `Usage: vendor-clients token <vendor> [--show] [--json] [--no-cache] [--stand-ins]

Fetches (or reuses) a token with the vendor's credentials and prints its type, scope and
expiry. The token itself is printed only with --show.`;

export async function token(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(
    args,
    { show: { type: "boolean" }, json: { type: "boolean" }, "no-cache": { type: "boolean" } },
    TOKEN_HELP,
  );
  if (values.help) return (io.out(TOKEN_HELP), 0);
  const vendor = requireVendor(positionals[0], TOKEN_HELP);
  const client = vendor.create(tokenStore(values, io), io.env);
  const value = await client.tokens.getToken();
  const info = {
    vendor: vendor.id,
    grant: client.tokens.grant,
    type: value.type,
    scope: value.scope ?? null,
    expiresAt: new Date(value.expiresAt).toISOString(),
    expiresInSeconds: Math.max(0, Math.round((value.expiresAt - Date.now()) / 1000)),
    ...(values.show ? { token: value.value } : {}),
  };
  if (values.json) io.out(JSON.stringify(info, null, 2));
  else {
    io.out(
      `${vendor.name}: ${info.type} token (${info.grant}), scope ${info.scope ?? "—"}, expires ${info.expiresAt} (in ${Math.round(info.expiresInSeconds / 60)} min)`,
    );
    if (values.show) io.out(value.value);
  }
  return 0;
}
