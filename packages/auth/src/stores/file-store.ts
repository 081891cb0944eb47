import { checkOptions, FILE_TOKEN_STORE_OPTIONS } from "../options.ts";
import { createHash, randomBytes } from "node:crypto";
import { lstatSync } from "node:fs";
import { chmod, constants, link, lstat, mkdir, open, readFile, rename, rm, writeFile } from "node:fs/promises";
import { homedir, hostname } from "node:os";
import { dirname, join } from "node:path";
import { ConfigError } from "../errors.ts";
import { consoleLogger, type Logger } from "../logger.ts";
import { sleep } from "../signals.ts";
import type { AccessTokenRecord } from "../token.ts";
import { type EncryptionKey, encryptionKeysOf, recordSealer } from "./sealing.ts";
import { asTokenNote, type TokenNote, type TokenStore } from "./token-store.ts";

export interface FileTokenStoreOptions {
  /** Default: $VENDOR_CLIENTS_TOKEN_FILE, else $XDG_CACHE_HOME (or ~/.cache)/vendor-clients/tokens.json. */
  path?: string;
  logger?: Logger;
  /**
   * Seals each record with AES-256-GCM: 32 bytes, or base64 text (e.g. from an environment
   * variable). A list rotates keys: the first seals, any opens. A record no key opens is missing.
   * Default: $VENDOR_CLIENTS_TOKEN_KEY (keys comma-separated, newest first), else records are plain.
   */
  encryptionKey?: EncryptionKey | readonly EncryptionKey[];
}

type Entry = (AccessTokenRecord | { sealed: string }) & { storeUntil: number };
interface FileContent {
  version: 1;
  tokens: Record<string, Entry>;
  notes?: Record<string, TokenNote & { storeUntil: number }>;
}

export const defaultTokenFile = () =>
  process.env.VENDOR_CLIENTS_TOKEN_FILE || join(process.env.XDG_CACHE_HOME || join(homedir(), ".cache"), "vendor-clients", "tokens.json");

/** How long a writer may hold the file's lock: reading, changing and writing a small JSON file. */
const WRITE_LOCK_TTL_MS = 10_000;
const WRITE_LOCK_WAIT_MS = 15_000;

/** The path must be a file (or nothing yet): through a symbolic link tokens could be written anywhere. */
function refusal(path: string, stats: { isSymbolicLink(): boolean; isDirectory(): boolean; isFile(): boolean }): ConfigError | undefined {
  const what = stats.isSymbolicLink()
    ? "a symbolic link"
    : stats.isDirectory()
      ? "a directory"
      : stats.isFile()
        ? undefined
        : "not a regular file";
  return what
    ? new ConfigError("path", `token file ${path} is ${what}; the file token store reads and writes only a regular file there`)
    : undefined;
}

async function checkPath(path: string): Promise<void> {
  const stats = await lstat(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw error;
  });
  const problem = stats && refusal(path, stats);
  if (problem) throw problem;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
};

/**
 * A lock between processes on one machine: a file created atomically (written aside, then
 * hard-linked into place, which fails if it exists) holding its owner's nonce, pid and expiry.
 * A lock whose owner died (its pid is gone, or its expiry passed) is taken over; the takeover
 * renames the file aside first, so two processes breaking the same stale lock cannot remove each
 * other's new one.
 */
export async function lockFile(
  lockPath: string,
  { ttlMs, waitMs, signal }: { ttlMs: number; waitMs: number; signal?: AbortSignal },
): Promise<(() => Promise<void>) | undefined> {
  const nonce = randomBytes(12).toString("hex");
  const deadline = Date.now() + waitMs;
  const host = hostname();
  for (;;) {
    const temp = `${lockPath}.${nonce}`;
    await writeFile(temp, JSON.stringify({ nonce, pid: process.pid, host, until: Date.now() + ttlMs }), { mode: 0o600, flag: "wx" });
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
    const seen = await readFile(lockPath, "utf8").catch(() => undefined);
    if (seen !== undefined) {
      let holder: { until?: unknown; pid?: unknown; host?: unknown } | undefined;
      try {
        holder = JSON.parse(seen);
      } catch {
        holder = undefined;
      }
      const dead =
        !holder ||
        !(typeof holder.until === "number" && holder.until > Date.now()) ||
        (holder.host === host && typeof holder.pid === "number" && !alive(holder.pid));
      if (dead) {
        await breakStale(lockPath, seen, nonce);
        continue;
      }
    }
    if (Date.now() >= deadline) return undefined;
    await sleep(10 + Math.random() * 20, signal);
  }
}

async function breakStale(lockPath: string, seen: string, nonce: string) {
  const aside = `${lockPath}.stale.${nonce}`;
  try {
    await rename(lockPath, aside);
  } catch {
    return; // someone else broke it first
  }
  const taken = await readFile(aside, "utf8").catch(() => seen);
  // Between reading and renaming, the stale lock may have been replaced by a live one: put that back.
  if (taken !== seen) await link(aside, lockPath).catch(() => {});
  await rm(aside, { force: true });
}

/**
 * Tokens in a JSON file, for command-line programs and processes on one machine: a second run
 * reuses the first run's token. The file is private (0600, its folder 0700), keyed by token URL
 * + client id + scopes, and holds access and refresh tokens only, never a client secret or
 * password. Every change is a read-modify-write under the file's lock, written to a temp file
 * and renamed into place: any number of writers (processes and async callers) keep every
 * account's record. A path that is a symbolic link or a directory is refused. A corrupt file is
 * ignored with a warning and replaced on the next write. Its per-key lock lets processes share
 * one token: one refreshes, the others read its token.
 */
export function fileTokenStore(options: FileTokenStoreOptions = {}): TokenStore & { readonly path: string } {
  checkOptions("fileTokenStore", options, FILE_TOKEN_STORE_OPTIONS);
  const path = options.path ?? defaultTokenFile();
  const logger = options.logger ?? consoleLogger;
  const { keys, option } = encryptionKeysOf(options.encryptionKey, process.env);
  const sealer = recordSealer(keys, option);
  try {
    const problem = refusal(path, lstatSync(path));
    if (problem) throw problem;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }

  async function load(): Promise<FileContent> {
    await checkPath(path);
    let text: string;
    try {
      // O_NOFOLLOW: a symbolic link put there after the check is refused, not followed.
      const handle = await open(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
      try {
        text = await handle.readFile("utf8");
      } finally {
        await handle.close();
      }
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "ENOENT") return { version: 1, tokens: {} };
      if (code === "ELOOP")
        throw new ConfigError(
          "path",
          `token file ${path} is a symbolic link; the file token store reads and writes only a regular file there`,
        );
      throw error;
    }
    try {
      const parsed = JSON.parse(text);
      if (parsed?.version !== 1 || typeof parsed.tokens !== "object" || !parsed.tokens) throw new Error("unexpected layout");
      const tokens: FileContent["tokens"] = {};
      // Only the expiry is checked here; the token cache validates what it reads (and says why it drops a record).
      for (const [key, entry] of Object.entries<any>(parsed.tokens))
        if (entry && typeof entry === "object" && Number.isFinite(entry.storeUntil)) tokens[key] = entry;
      const notes: NonNullable<FileContent["notes"]> = {};
      for (const [key, entry] of Object.entries<any>(parsed.notes ?? {}))
        if (asTokenNote(entry) && Number.isFinite(entry?.storeUntil)) notes[key] = entry;
      return { version: 1, tokens, notes };
    } catch {
      logger.warn(`token file ${path} is corrupt and is ignored; it will be rewritten`);
      return { version: 1, tokens: {} };
    }
  }

  async function save(content: FileContent): Promise<void> {
    const temp = `${path}.${randomBytes(6).toString("hex")}.tmp`;
    try {
      await writeFile(temp, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600, flag: "wx" });
      await chmod(temp, 0o600); // the umask may have taken bits away from `mode`, never added: make it exact
      await checkPath(path);
      await rename(temp, path);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }

  const prune = (content: FileContent, now = Date.now()) => {
    for (const [key, entry] of Object.entries(content.tokens)) if (entry.storeUntil <= now) delete content.tokens[key];
    for (const [key, entry] of Object.entries(content.notes ?? {})) if (entry.storeUntil <= now) delete content.notes![key];
    return content;
  };

  /** Read, change, write, all under the file's lock: a writer never loses another's record. */
  async function change(edit: (content: FileContent) => boolean | Promise<boolean>): Promise<void> {
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    const release = await lockFile(`${path}.lock`, { ttlMs: WRITE_LOCK_TTL_MS, waitMs: WRITE_LOCK_WAIT_MS });
    if (!release) throw new Error(`token file ${path}: its lock (${path}.lock) stayed taken for ${WRITE_LOCK_WAIT_MS} ms`);
    try {
      const content = prune(await load());
      if (await edit(content)) await save(content);
    } finally {
      await release();
    }
  }

  async function recordOf(key: string, entry: Entry): Promise<AccessTokenRecord | undefined> {
    const { storeUntil: _, ...rest } = entry;
    if (!("sealed" in rest)) {
      if (sealer) logger.warn(`token file ${path}: the record for "${key}" is not sealed although an encryption key is set; it is ignored`);
      return sealer ? undefined : (rest as AccessTokenRecord);
    }
    if (!sealer) {
      logger.warn(`token file ${path}: the record for "${key}" is sealed and no encryptionKey is set; it is ignored`);
      return undefined;
    }
    const plain = typeof rest.sealed === "string" ? await sealer.open(key, rest.sealed) : undefined;
    if (plain === undefined) {
      logger.warn(`token file ${path}: the record for "${key}" does not open with the encryption key(s) given; it is ignored`);
      return undefined;
    }
    try {
      return JSON.parse(plain) as AccessTokenRecord;
    } catch {
      return undefined;
    }
  }

  return {
    path,
    async get(key) {
      const entry = (await load()).tokens[key];
      if (!entry || entry.storeUntil <= Date.now()) return undefined;
      return recordOf(key, entry);
    },
    async set(key, record, ttlMs) {
      // A refresh token outlives its access token: keep the record while it can still refresh.
      const keepMs = record.refreshToken ? Math.max(ttlMs, 30 * 24 * 3600_000) : ttlMs;
      const body = sealer ? { sealed: await sealer.seal(key, JSON.stringify(record)) } : record;
      await change((content) => {
        content.tokens[key] = { ...body, storeUntil: Date.now() + keepMs };
        return true;
      });
    },
    async delete(key, value) {
      await change(async (content) => {
        const entry = content.tokens[key];
        if (!entry) return false;
        if (value !== undefined) {
          const record = await recordOf(key, entry);
          // A record this process cannot open (sealed with a newer key) is never "the token given".
          if (!record || record.value !== value) return false;
        }
        delete content.tokens[key];
        return true;
      });
    },
    lock(key, options) {
      const lockPath = `${path}.${createHash("sha256").update(key).digest("hex").slice(0, 16)}.lock`;
      return mkdir(dirname(path), { recursive: true, mode: 0o700 }).then(() => lockFile(lockPath, options));
    },
    async getNote(key) {
      const entry = (await load()).notes?.[key];
      return entry && entry.storeUntil > Date.now() ? asTokenNote(entry) : undefined;
    },
    async setNote(key, note, ttlMs) {
      await change((content) => {
        (content.notes ??= {})[key] = { ...note, storeUntil: Date.now() + ttlMs };
        return true;
      });
    },
  };
}
