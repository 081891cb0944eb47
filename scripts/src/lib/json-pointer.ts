/** One JSON Pointer reference token (RFC 6901): "~" and "/" escaped, so a key holding them still points at itself. */
export const escapePointer = (key: string) => key.replace(/~/g, "~0").replace(/\//g, "~1");

/** The key a reference token stands for (the escapes undone in the order RFC 6901 gives). */
export const unescapePointer = (token: string) => token.replace(/~1/g, "/").replace(/~0/g, "~");

/**
 * What a local reference ("#/components/schemas/Part") points at in `document`, or undefined.
 * `decode` undoes a further encoding of each key (URI escapes, where a caller expects them).
 */
export function atPointer(document: unknown, ref: string, decode: (key: string) => string = (key) => key): any {
  return ref
    .slice(2)
    .split("/")
    .map((token) => decode(unescapePointer(token)))
    .reduce<any>((node, key) => (node && typeof node === "object" ? node[key] : undefined), document);
}
