import { mkdtemp, readdir, readFile, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Logger } from "../logger.ts";
import { clientCredentials } from "../sources/client-credentials.ts";
import { passwordGrant } from "../sources/password.ts";
import { type OAuthTestServer, SECRETS, startOAuthServer } from "@vendor-clients/testkit";
import { TokenCache } from "../token-cache.ts";
import { fileTokenStore } from "./file-store.ts";

let idp: OAuthTestServer;
let dir: string;
beforeAll(async () => {
  idp = await startOAuthServer();
  dir = await mkdtemp(join(tmpdir(), "vc-file-store-"));
});
afterAll(() => idp.stop());

const nexarSupply = () =>
  clientCredentials({ tokenUrl: idp.tokenUrl, clientId: "nexar-app", clientSecret: SECRETS.clientSecret, scopes: "supply.domain" });

describe("file token store", () => {
  it("lets a second run reuse the first run's token: no token request", async () => {
    const path = join(dir, "reuse", "tokens.json");
    const first = await new TokenCache(nexarSupply(), { store: fileTokenStore({ path }) }).getToken();
    const before = idp.requests.length;
    const second = await new TokenCache(nexarSupply(), { store: fileTokenStore({ path }) }).getToken();
    expect(second.value).toBe(first.value);
    expect(idp.requests.length).toBe(before);
  });

  it("writes a private file (0600 in a 0700 folder), atomically, keyed by token URL + client id + scopes, without the client secret", async () => {
    const path = join(dir, "private", "tokens.json");
    await new TokenCache(nexarSupply(), { store: fileTokenStore({ path }) }).getToken();
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, "private"))).mode & 0o777).toBe(0o700);
    expect(await readdir(join(dir, "private"))).toEqual(["tokens.json"]); // no temp file left behind
    const text = await readFile(path, "utf8");
    expect(text).not.toContain(SECRETS.clientSecret);
    expect(Object.keys(JSON.parse(text).tokens)).toEqual([`${idp.tokenUrl}|nexar-app|supply.domain|`]);
  });

  it("keeps DSI's rotating refresh token across a restart, and never the password", async () => {
    const path = join(dir, "dsi", "tokens.json");
    const dsi = () => passwordGrant({ tokenUrl: idp.tokenUrl, clientId: "DSI", username: "op", password: SECRETS.password });
    const first = await new TokenCache(dsi(), { store: fileTokenStore({ path }) }).getToken();
    const restarted = new TokenCache(dsi(), { store: fileTokenStore({ path }) });
    await restarted.getToken({ forceRefresh: true });
    expect(idp.requests.slice(-1)[0]!.body).toEqual({ grant_type: "refresh_token", refresh_token: first.refreshToken });
    expect(await readFile(path, "utf8")).not.toContain(SECRETS.password);
  });

  it("ignores a corrupt file with a warning and replaces it", async () => {
    const path = join(dir, "corrupt.json");
    await writeFile(path, "{ not json");
    const warnings: string[] = [];
    const logger: Logger = { warn: (m) => warnings.push(m) };
    const cache = new TokenCache(nexarSupply(), { store: fileTokenStore({ path, logger }), logger });
    await cache.getToken();
    expect(warnings[0]).toBe(`token file ${path} is corrupt and is ignored; it will be rewritten`);
    expect(JSON.parse(await readFile(path, "utf8")).version).toBe(1);
  });

  it("deletes a token only if it is still the one stored", async () => {
    const store = fileTokenStore({ path: join(dir, "delete.json") });
    const record = { value: "v1", type: "Bearer", expiresAt: Date.now() + 60_000, obtainedAt: Date.now() };
    await store.set("k", record, 60_000);
    await store.delete("k", "v0");
    expect(await store.get("k")).toEqual(record);
    await store.delete("k", "v1");
    expect(await store.get("k")).toBeUndefined();
  });
});
