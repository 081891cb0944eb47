import { createHash, randomBytes } from "node:crypto";
import { chmod, link, mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { consoleLogger, type Logger } from "../logger.ts";
import { sleep } from "../signals.ts";
import type { AccessTokenRecord } from "../token.ts";
import type { TokenStore } from "./token-store.ts";

export interface FileTokenStoreOptions {
  /** Default: $VENDOR_CLIENTS_TOKEN_FILE, else $XDG_CACHE_HOME (or ~/.cache)/vendor-clients/tokens.json. */
  path?: string;
  logger?: Logger;
}

interface FileContent {
  version: 1;
  tokens: Record<string, AccessTokenRecord & { storeUntil: number }>;
}

export const defaultTokenFile = () =>
  process.env.VENDOR_CLIENTS_TOKEN_FILE || join(process.env.XDG_CACHE_HOME || join(homedir(), ".cache"), "vendor-clients", "tokens.json");

const isRecord = (value: any): value is AccessTokenRecord & { storeUntil: number } =>
  value &&
  typeof value.value === "string" &&
  typeof value.type === "string" &&
  Number.isFinite(value.expiresAt) &&
  Number.isFinite(value.obtainedAt) &&
  Number.isFinite(value.storeUntil);

/**
 * Tokens in a JSON file, for command-line programs: a second run reuses the first run's token.
 * The file is private (0600, its folder 0700), written atomically (temp file + rename), keyed by
 * token URL + client id + scopes, and holds access and refresh tokens only, never a client
 * secret or password. A corrupt file is ignored with a warning and replaced on the next write.
 * Its lock (a lock file created exclusively, expiring after its ttl) lets processes on one
 * machine share one token: one refreshes, the others wait and read it.
 */
export function fileTokenStore(options: FileTokenStoreOptions = {}): TokenStore & { readonly path: string } {
  const path = options.path ?? defaultTokenFile();
  const logger = options.logger ?? consoleLogger;

  async function load(): Promise<FileContent> {
    let text: string;
    try {
      text = await readFile(path, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return { version: 1, tokens: {} };
      throw error;
    }
    try {
      const parsed = JSON.parse(text);
      if (parsed?.version !== 1 || typeof parsed.tokens !== "object" || !parsed.tokens) throw new Error("unexpected layout");
      const tokens: FileContent["tokens"] = {};
      for (const [key, record] of Object.entries<any>(parsed.tokens)) if (isRecord(record)) tokens[key] = record;
      return { version: 1, tokens };
    } catch {
      logger.warn(`token file ${path} is corrupt and is ignored; it will be rewritten`);
      return { version: 1, tokens: {} };
    }
  }

  async function save(content: FileContent): Promise<void> {
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    const temp = `${path}.${randomBytes(6).toString("hex")}.tmp`;
    try {
      await writeFile(temp, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600 });
      await chmod(temp, 0o600); // the umask may have taken bits away from `mode`, never added: make it exact
      await rename(temp, path);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }

  const prune = (content: FileContent, now = Date.now()) => {
    for (const [key, record] of Object.entries(content.tokens)) if (record.storeUntil <= now) delete content.tokens[key];
    return content;
  };

  return {
    path,
    async get(key) {
      const record = (await load()).tokens[key];
      if (!record || record.storeUntil <= Date.now()) return undefined;
      const { storeUntil: _, ...token } = record;
      return token;
    },
    async set(key, record, ttlMs) {
      const content = prune(await load());
      // A refresh token outlives its access token: keep the record while it can still refresh.
      const storeUntil = Date.now() + (record.refreshToken ? Math.max(ttlMs, 30 * 24 * 3600_000) : ttlMs);
      content.tokens[key] = { ...record, storeUntil };
      await save(content);
    },
    async lock(key, { ttlMs, waitMs, signal }) {
      const lockPath = `${path}.${createHash("sha256").update(key).digest("hex").slice(0, 16)}.lock`;
      const nonce = randomBytes(12).toString("hex");
      const deadline = Date.now() + waitMs;
      await mkdir(dirname(path), { recursive: true, mode: 0o700 });
      for (;;) {
        // Written aside, then linked into place: the lock file never exists without its content,
        // so a waiting process can always tell a live holder from a dead one.
        const temp = `${lockPath}.${nonce}`;
        await writeFile(temp, JSON.stringify({ nonce, pid: process.pid, until: Date.now() + ttlMs }), { mode: 0o600 });
        try {
          await link(temp, lockPath);
          return async () => {
            // Release only our own lock: after a ttl expiry another process may hold it now.
            const held = await readFile(lockPath, "utf8").catch(() => "");
            if (held.includes(nonce)) await rm(lockPath, { force: true });
          };
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
        } finally {
          await rm(temp, { force: true });
        }
        const holder = await readFile(lockPath, "utf8")
          .then(JSON.parse)
          .catch(() => undefined);
        // A holder that died (or wrote nothing parsable) must not block everyone for good.
        if (!holder || !(holder.until > Date.now())) {
          await rm(lockPath, { force: true });
          continue;
        }
        if (Date.now() >= deadline) return undefined;
        await sleep(20 + Math.random() * 30, signal);
      }
    },
    async delete(key, value) {
      const content = await load();
      const record = content.tokens[key];
      if (!record || (value !== undefined && record.value !== value)) return;
      delete content.tokens[key];
      await save(prune(content));
    },
  };
}
