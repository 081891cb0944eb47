import { ConfigError } from "../errors.ts";

/** A key for sealing records: 32 bytes, or those bytes in base64 (as an environment variable holds them). */
export type EncryptionKey = string | Uint8Array;

/**
 * Seals token records at rest with AES-256-GCM (Web Crypto, so it works wherever the clients
 * run). The store key is bound in as additional data: a sealed record moved under another
 * account's key does not open. Several keys rotate: the first seals, any of them opens.
 */
export interface RecordSealer {
  seal(storeKey: string, plain: string): Promise<string>;
  /** The plain text, or undefined when no key opens it (another key, tampered, not sealed): treat as missing. */
  open(storeKey: string, sealed: string): Promise<string | undefined>;
}

const PREFIX = "vc-sealed:v1:";
const encoder = new TextEncoder();

const toBase64 = (bytes: Uint8Array) => {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
};
const fromBase64 = (text: string): Uint8Array | undefined => {
  try {
    return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  } catch {
    return undefined;
  }
};

function keyBytes(key: unknown, option: string, index: number | undefined): Uint8Array<ArrayBuffer> {
  const name = index === undefined ? option : `${option}[${index}]`;
  const where = /^[A-Z0-9_]+$/.test(option) ? `environment variable ${name}` : `option "${name}"`;
  const bytes =
    key instanceof Uint8Array
      ? key
      : typeof key === "string" && /^[A-Za-z0-9+/]+={0,2}$/.test(key.trim())
        ? fromBase64(key.trim())
        : undefined;
  // The message says what is wrong with the key, never the key.
  if (!bytes)
    throw new ConfigError(option, `${where} must be 32 bytes: a Uint8Array, or base64 text (e.g. from \`openssl rand -base64 32\`)`);
  if (bytes.length !== 32) throw new ConfigError(option, `${where} must be 32 bytes (AES-256); it has ${bytes.length}`);
  return new Uint8Array(bytes);
}

/** The environment variable the Node stores read a key (or keys, comma-separated, newest first) from when no option is given. */
export const TOKEN_KEY_VARIABLE = "VENDOR_CLIENTS_TOKEN_KEY";

/** `encryptionKey` as given, else the keys in $VENDOR_CLIENTS_TOKEN_KEY (comma-separated, newest first), with the name to blame. */
export function encryptionKeysOf(given: EncryptionKey | readonly EncryptionKey[] | undefined, env: Record<string, string | undefined>) {
  if (given !== undefined) return { keys: given, option: "encryptionKey" };
  const text = env[TOKEN_KEY_VARIABLE]?.trim();
  return text ? { keys: text.split(",").map((k) => k.trim()), option: TOKEN_KEY_VARIABLE } : { keys: undefined, option: "encryptionKey" };
}

/** A sealer for `keys` (newest first), checked at once; undefined when no key is given (records stay plain). */
export function recordSealer(
  keys: EncryptionKey | readonly EncryptionKey[] | undefined,
  option = "encryptionKey",
): RecordSealer | undefined {
  if (keys === undefined) return undefined;
  const list = Array.isArray(keys) ? keys : [keys];
  if (!list.length) throw new ConfigError(option, `option "${option}" is an empty list: give at least one key`);
  const listed = Array.isArray(keys) && keys.length > 1;
  const raw = list.map((key, i) => keyBytes(key, option, listed ? i : undefined));
  let imported: Promise<CryptoKey[]> | undefined;
  const cryptoKeys = () =>
    (imported ??= Promise.all(raw.map((bytes) => crypto.subtle.importKey("raw", bytes, "AES-GCM", false, ["encrypt", "decrypt"]))));
  return {
    async seal(storeKey, plain) {
      const [newest] = await cryptoKeys();
      const iv = crypto.getRandomValues(new Uint8Array(12));
      const sealed = await crypto.subtle.encrypt(
        { name: "AES-GCM", iv, additionalData: encoder.encode(storeKey) },
        newest!,
        encoder.encode(plain),
      );
      return `${PREFIX}${toBase64(iv)}:${toBase64(new Uint8Array(sealed))}`;
    },
    async open(storeKey, sealed) {
      if (!sealed.startsWith(PREFIX)) return undefined;
      const [ivText = "", dataText = ""] = sealed.slice(PREFIX.length).split(":");
      const iv = fromBase64(ivText);
      const data = fromBase64(dataText);
      if (iv?.length !== 12 || !data) return undefined;
      for (const key of await cryptoKeys()) {
        try {
          const plain = await crypto.subtle.decrypt(
            { name: "AES-GCM", iv: new Uint8Array(iv), additionalData: encoder.encode(storeKey) },
            key,
            new Uint8Array(data),
          );
          return new TextDecoder().decode(plain);
        } catch {
          // Not this key: try the next one.
        }
      }
      return undefined;
    },
  };
}

/** Whether a stored text is sealed (so that a store configured without a key can say why it cannot read it). */
export const isSealed = (text: unknown): boolean => typeof text === "string" && text.startsWith(PREFIX);
