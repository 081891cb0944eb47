/** `*` matches within one path segment, `**` any number of segments: `/resellers/v1/webhooks/**`. */
export function pathPatternToRegExp(pattern: string): RegExp {
  const body = pattern
    .split(/(\*\*|\*)/)
    .map((part) => (part === "**" ? ".*" : part === "*" ? "[^/]*" : part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")))
    .join("");
  return new RegExp(`^${body}$`);
}

export const matchesAny = (path: string, patterns: readonly string[] = []) => patterns.some((p) => pathPatternToRegExp(p).test(path));
