/**
 * JSON laid out as Biome's formatter lays it out (biome.json: two spaces, line width 100), so that a
 * file a script writes (specs/<vendor>/sources.json) passes `pnpm lint` as written: every object
 * one member a line, an array of plain values on one line where that line fits.
 */
export function biomeJson(value: unknown, lineWidth = 100): string {
  return `${layout(value, 0, 0, lineWidth)}\n`;
}

const isScalar = (value: unknown) => value === null || typeof value !== "object";

/** `value` at `depth`, its first line starting after `used` characters (indentation and key). */
function layout(value: unknown, depth: number, used: number, lineWidth: number): string {
  const pad = "  ".repeat(depth + 1);
  const end = "  ".repeat(depth);
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    const inline = `[${value.map((item) => JSON.stringify(item)).join(", ")}]`;
    // The trailing comma a member may have counts towards the line.
    if (value.every(isScalar) && used + inline.length + 1 <= lineWidth) return inline;
    return `[\n${value.map((item) => `${pad}${layout(item, depth + 1, pad.length, lineWidth)}`).join(",\n")}\n${end}]`;
  }
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return "{}";
    return `{\n${entries
      .map(([key, v]) => {
        const head = `${pad}${JSON.stringify(key)}: `;
        return `${head}${layout(v, depth + 1, head.length, lineWidth)}`;
      })
      .join(",\n")}\n${end}}`;
  }
  return JSON.stringify(value);
}
