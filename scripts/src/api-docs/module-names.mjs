// TypeDoc plugin: name each module by the import a user writes. In packages mode TypeDoc names a
// package's entry points after its export keys ("." and "node"); a reader looks for
// "@vendor-clients/auth" and "@vendor-clients/auth/node".
import { Converter, ReflectionKind } from "typedoc";

/** @param {import("typedoc").Application} app */
export function load(app) {
  app.converter.on(Converter.EVENT_RESOLVE_END, (context) => {
    const pkg = context.project.name;
    for (const child of context.project.children ?? []) {
      if (!child.kindOf(ReflectionKind.Module)) continue;
      child.name = child.name === "" || child.name === "." ? pkg : `${pkg}/${child.name.replace(/^\.\//, "")}`;
    }
  });
}
