/** One JSON Pointer reference token (RFC 6901): "~" and "/" escaped, so a key holding them still points at itself. */
export const escapePointer = (key: string) => key.replace(/~/g, "~0").replace(/\//g, "~1");

/** The key a reference token stands for (the escapes undone in the order RFC 6901 gives). */
export const unescapePointer = (token: string) => token.replace(/~1/g, "/").replace(/~0/g, "~");
