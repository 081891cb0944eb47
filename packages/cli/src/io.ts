import { parseArgs } from "node:util";
import type { Environment, TokenStore } from "@vendor-clients/auth";
import { fileTokenStore } from "@vendor-clients/auth/node";
import { usage } from "./errors.ts";
import { findVendor, unknownVendor, type VendorEntry } from "./vendors.ts";

/** Where a command writes, where it runs, and the variables its clients read. */
export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  cwd: string;
  isTTY: boolean;
  /** The environment the vendors' fromEnv() reads: process.env, a --dotenv file, or the stand-ins'. */
  env: Environment;
  /** Set by --stand-ins: tokens stay in memory, never in the user's token file. */
  standIns?: boolean;
}

type OptionSpec = Record<string, { type: "string" | "boolean"; multiple?: boolean; short?: string }>;
type Values<T extends OptionSpec> = {
  [K in keyof T]?: T[K]["type"] extends "boolean" ? boolean : T[K]["multiple"] extends true ? string[] : string;
} & { help?: boolean };

/** Strict parsing: an unknown flag or a missing value is a usage error (exit 2) followed by the command's help. */
export function parse<T extends OptionSpec>(args: string[], options: T, help: string): { values: Values<T>; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({
      args,
      options: { ...options, help: { type: "boolean", short: "h" } },
      allowPositionals: true,
      strict: true,
    });
    return { values: values as Values<T>, positionals };
  } catch (error) {
    throw usage(`${(error as Error).message}\n\n${help}`);
  }
}

export function requireVendor(name: string | undefined, help: string): VendorEntry {
  const vendor = findVendor(name);
  if (!vendor) throw usage(`${unknownVendor(name)}\n\n${help}`);
  return vendor;
}

/** The token cache file, unless --no-cache or --stand-ins (a stand-in's token is worthless elsewhere). */
export const tokenStore = (values: { "no-cache"?: boolean | undefined }, io: Io): TokenStore | undefined =>
  values["no-cache"] || io.standIns
    ? undefined
    : fileTokenStore(io.env.VENDOR_CLIENTS_TOKEN_FILE ? { path: io.env.VENDOR_CLIENTS_TOKEN_FILE } : {});
