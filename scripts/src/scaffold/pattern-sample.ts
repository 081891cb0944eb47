/**
 * A string that matches a JSON Schema `pattern`, built from the pattern itself for the common
 * shapes of published definitions (`^\d{5}(-\d{4})?$`, `^[A-Z]{2}$`, `^[0-9A-Z]{10,22}$`): anchors,
 * literals, escapes (\d \w \s), classes with ranges, groups with alternatives (the first is
 * taken) and quantifiers (the least they allow, at least once for `*`/`+`, padded to reach
 * `minLength`). Undefined for what it does not understand (backreferences, lookarounds); the
 * caller checks the result with the pattern itself.
 */
export function sampleForPattern(pattern: string, minLength = 0): string | undefined {
  let i = 0;
  const fail = (): never => {
    throw new Error("unsupported");
  };
  /** One character a class or escape stands for. */
  const escaped = (c: string): string => {
    if (c === "d") return "1";
    if (c === "w") return "a";
    if (c === "s") return " ";
    if (/[DWSbBkp1-9]/.test(c)) fail();
    return c === "n" ? "\n" : c === "t" ? "\t" : c;
  };
  const charClass = (): string => {
    i++; // [
    const negated = pattern[i] === "^";
    if (negated) i++;
    const members: string[] = [];
    while (i < pattern.length && pattern[i] !== "]") {
      let c = pattern[i++]!;
      if (c === "\\") c = escaped(pattern[i++] ?? fail());
      if (pattern[i] === "-" && pattern[i + 1] && pattern[i + 1] !== "]") {
        i++;
        let to = pattern[i++]!;
        if (to === "\\") to = escaped(pattern[i++] ?? fail());
        members.push([c, to].sort()[0]!);
      } else members.push(c);
    }
    if (pattern[i] !== "]") fail();
    i++;
    if (!negated) return members.find((m) => /[A-Za-z0-9]/.test(m)) ?? members[0] ?? fail();
    return ["a", "A", "1", "x", "Z", "9"].find((c) => !members.includes(c)) ?? fail();
  };
  const quantifier = (): [number, number] => {
    const c = pattern[i];
    if (c === "?") return (i++, [0, 1]);
    if (c === "*") return (i++, [0, Infinity]);
    if (c === "+") return (i++, [1, Infinity]);
    if (c === "{") {
      const match = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i));
      if (!match) return [1, 1];
      i += match[0].length;
      const min = Number(match[1]);
      return [min, match[2] ? (match[3] ? Number(match[3]) : Infinity) : min];
    }
    return [1, 1];
  };
  /** A sequence up to `)` or the end; alternatives after the first are skipped. */
  const sequence = (): string => {
    let out = "";
    while (i < pattern.length && pattern[i] !== ")") {
      const c = pattern[i]!;
      if (c === "|") {
        // Skip the other alternatives of this group.
        let depth = 0;
        while (i < pattern.length && (depth > 0 || pattern[i] !== ")")) {
          if (pattern[i] === "\\") i++;
          else if (pattern[i] === "(") depth++;
          else if (pattern[i] === ")") depth--;
          i++;
        }
        break;
      }
      let atom: string;
      if (c === "^" || c === "$") {
        i++;
        continue;
      } else if (c === "(") {
        i++;
        if (pattern[i] === "?") {
          if (pattern[i + 1] !== ":") fail();
          i += 2;
        }
        atom = sequence();
        if (pattern[i] !== ")") fail();
        i++;
      } else if (c === "[") atom = charClass();
      else if (c === "\\") {
        i++;
        atom = escaped(pattern[i++] ?? fail());
      } else if (c === ".") {
        i++;
        atom = "a";
      } else {
        i++;
        atom = c;
      }
      const [min, max] = quantifier();
      if (pattern[i] === "?") i++; // lazy
      out += atom.repeat(min === 0 && max === Infinity ? 1 : Math.max(min, max === Infinity ? 1 : min));
      // Room to grow: a repeatable atom pads the string to minLength.
      if (max > min && out.length < minLength)
        out += atom.repeat(Math.min(max - min, Math.ceil((minLength - out.length) / Math.max(1, atom.length))));
    }
    return out;
  };
  try {
    const value = sequence();
    return i === pattern.length ? value : undefined;
  } catch {
    return undefined;
  }
}
