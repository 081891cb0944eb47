import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { NormalizedProblem } from "@redocly/openapi-core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CliError } from "./errors.ts";
import { checkLocalOpenApi, type LocalProblem } from "./openapi-local.ts";
import { bundleWithRedocly, loadOpenApi } from "./openapi.ts";

const repo = resolve(import.meta.dirname, "../../..");

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "openapi-local-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const sorted = (problems: LocalProblem[]) =>
  [...problems].sort((a, b) =>
    a.pointer + a.message < b.pointer + b.message ? -1 : a.pointer + a.message > b.pointer + b.message ? 1 : 0,
  );
const redoclyProblems = (errors: NormalizedProblem[]) =>
  sorted(errors.map((p) => ({ message: p.message, pointer: p.location[0]?.pointer ?? "" })));

/** The definition written to a file, checked here and by Redocly's own check and bundling. */
async function both(text: string, name = "api.yaml") {
  const file = join(dir, name);
  await writeFile(file, text);
  return { file, local: checkLocalOpenApi(text, file), redocly: await bundleWithRedocly(file) };
}

/** A 3.1 definition that uses what Redocly's bundler leaves as it is: local $refs (with siblings), a referenced path item, discriminator mappings to components, webhooks, YAML aliases, extensions. */
const valid31 = `openapi: 3.1.0
info: { title: A, version: "1", x-logo: { url: "https://example.com/logo.png" } }
paths:
  /pets/{id}:
    $ref: "#/components/pathItems/Pet"
  /orders/{orderId}:
    parameters:
      - $ref: "#/components/parameters/OrderId"
    get:
      operationId: getOrder
      parameters: &paging
        - { name: page, in: query, schema: { type: integer, minimum: 1 } }
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: { $ref: "#/components/schemas/Order", description: An order }
    delete:
      operationId: deleteOrder
      parameters: *paging
      responses: { "204": { description: gone } }
webhooks:
  stock:
    post:
      requestBody: { content: { application/json: { schema: { $ref: "#/components/schemas/Pet" } } } }
      responses: { "200": { description: ok } }
components:
  parameters:
    OrderId: { name: orderId, in: path, required: true, schema: { type: string } }
  pathItems:
    Pet:
      get:
        operationId: getPet
        parameters:
          - { name: id, in: path, required: true, schema: { type: string } }
        responses:
          "200":
            description: ok
            content: { application/json: { schema: { $ref: "#/components/schemas/Pet" } } }
  schemas:
    Pet:
      oneOf: [{ $ref: "#/components/schemas/Cat" }, { $ref: "#/components/schemas/Dog" }]
      discriminator: { propertyName: kind, mapping: { cat: "#/components/schemas/Cat", dog: "#/components/schemas/Dog" } }
    Cat: { type: object, required: [kind], properties: { kind: { type: string } } }
    Dog: { type: object, required: [kind], properties: { kind: { type: string }, bark: { type: ["string", "null"] } } }
    Order: { type: object, properties: { id: { type: string, x-internal: true } } }
`;

/** A 3.0 definition without components (Redocly's bundler adds an empty one). */
const valid30 = `openapi: 3.0.3
info: { title: B, version: "1" }
paths:
  /items:
    get:
      parameters: [{ name: q, in: query, schema: { type: string, nullable: true } }]
      responses: { "200": { description: ok, content: { application/json: { schema: { type: array, items: { type: string } } } } } }
`;

/** A 3.0 definition to break in one place per test. */
const base = `openapi: 3.0.3
info: { title: Broken, version: "1" }
paths:
  /pets/{id}:
    get:
      parameters:
        - $ref: "#/components/parameters/Id"
      responses: { "200": { description: ok } }
components:
  parameters:
    Id: { name: id, in: path, required: true, schema: { type: string } }
  schemas:
    Pet: { type: object }
`;

describe("checkLocalOpenApi", () => {
  it("returns what Redocly's check and bundling return for the repository's authored definitions", async () => {
    for (const file of ["avionte/front-office.yaml", "avnet/apim.yaml", "advanced-inventory/web-api.yaml"]) {
      const path = join(repo, "specs", file);
      const local = checkLocalOpenApi(await readFile(path, "utf8"), path);
      const redocly = await bundleWithRedocly(path);
      expect(redocly.errors, file).toEqual([]);
      expect(local, file).toEqual({ document: redocly.document, problems: [] });
    }
  });

  it("returns what Redocly's bundler returns for local $refs, path items, mappings, webhooks, aliases and a missing components", async () => {
    for (const text of [valid31, valid30]) {
      const { local, redocly } = await both(text);
      expect(redocly.errors).toEqual([]);
      expect(local).toEqual({ document: redocly.document, problems: [] });
    }
    const { local } = await both(valid30);
    expect("document" in local && local.document.components).toEqual({});
  });

  // Each broken definition: the problems found here are Redocly's, message and JSON pointer.
  const broken: [string, string, string][] = [
    [
      "a required field missing",
      base.replace('      responses: { "200": { description: ok } }\n', ""),
      "The field `responses` must be present",
    ],
    [
      "a field the object does not have",
      base.replace("    get:\n", "    get:\n      summery: Pets\n"),
      "Property `summery` is not expected here.",
    ],
    [
      "a value of the wrong type (and so a path parameter not defined)",
      base.replace("required: true", 'required: "yes"'),
      "Expected type `boolean`",
    ],
    [
      "a value not in its enum",
      base.replace("    Pet: { type: object }", "    Pet: { type: objekt }"),
      "`type` can be one of the following only",
    ],
    [
      "path parameters not defined or not in the path",
      base
        .replace("/pets/{id}:", "/pets/{id}/{kind}:")
        .replace(
          '        - $ref: "#/components/parameters/Id"\n',
          '        - $ref: "#/components/parameters/Id"\n        - { name: color, in: path, required: true, schema: { type: string } }\n',
        ),
      "The operation does not define the path parameter `{kind}` expected by path `/pets/{id}/{kind}`.",
    ],
    [
      "nullable without a type",
      base.replace("    Pet: { type: object }", "    Pet: { nullable: true }"),
      "The `type` field must be defined",
    ],
    [
      "no paths, components or webhooks in 3.1",
      'openapi: 3.1.0\ninfo: { title: Empty, version: "1" }\n',
      "Must contain at least one of the following fields",
    ],
    [
      "an info that is not an object",
      base.replace('info: { title: Broken, version: "1" }', "info: Broken"),
      "Expected type `Info` (object) but got `string`",
    ],
    // Found by openapi-local.property.test.ts: after a wrong type in an operation, Redocly's walk
    // runs no visitor on it, so its path parameters count as the path item's, for the next
    // operation too (and `other`, not in the path, is reported by the path item's visitor).
    [
      "a wrong type in an operation, whose path parameters then count as the path item's",
      base
        .replace("    get:\n", "    get:\n      operationId: 5\n")
        .replace(
          '        - $ref: "#/components/parameters/Id"\n',
          '        - $ref: "#/components/parameters/Id"\n        - { name: other, in: path, required: true, schema: { type: string } }\n',
        )
        .replace(
          '      responses: { "200": { description: ok } }\n',
          '      responses: { "200": { description: ok } }\n    post:\n      responses: { "200": { description: ok } }\n',
        ),
      "Path parameter `other` is not used in the path `/pets/{id}`.",
    ],
    // Found the same way: a node with a wrong type is not checked again when walked as another
    // type (here a parameter as a schema first, `required` not a list: its `foo` is reported
    // once, not again as a parameter's).
    [
      "a node with a wrong type walked as another type too",
      base
        .replace(
          '      responses: { "200": { description: ok } }\n',
          '      responses: { "200": { description: ok, content: { application/json: { schema: { $ref: "#/components/parameters/Q" } } } } }\n',
        )
        .replace("components:\n  parameters:\n", "components:\n  parameters:\n    Q: { foo: 1, name: q, in: query, required: true }\n"),
      "Property `foo` is not expected here.",
    ],
  ];
  for (const [what, text, message] of broken)
    it(`finds the problems Redocly finds: ${what}`, async () => {
      const { local, redocly } = await both(text);
      expect(redocly.errors.length).toBeGreaterThan(0);
      if (!("problems" in local)) throw new Error(`declined: ${local.declined}`);
      expect(sorted(local.problems)).toEqual(redoclyProblems(redocly.errors));
      expect(local.problems.map((p) => p.message).join("\n")).toContain(message);
    });

  it("leaves components out where Redocly's bundler does: a root with a wrong type in it (found by the property test)", async () => {
    const { local, redocly } = await both('openapi: 3.1.0\ninfo: { title: A, version: "1" }\njsonSchemaDialect: 5\npaths: {}\n');
    expect(redocly.document.components).toBeUndefined();
    expect(local).toEqual({
      document: redocly.document,
      problems: [{ message: "Expected type `string` but got `integer`.", pointer: "#/jsonSchemaDialect" }],
    });
  });

  it("takes a path item's parameters from beside its $ref, as Redocly's walk does (found reading its walk)", async () => {
    // The path item's own get has no parameters: those beside the $ref are the path item's.
    const text = valid31.replace(
      '    $ref: "#/components/pathItems/Pet"\n',
      '    $ref: "#/components/pathItems/Pet"\n    parameters:\n      - { name: other, in: path, required: true, schema: { type: string } }\n',
    );
    const { local, redocly } = await both(text);
    expect(local).toEqual({
      document: redocly.document,
      problems: [
        { message: "Path parameter `other` is not used in the path `/pets/{id}`.", pointer: "#/paths/~1pets~1{id}/parameters/0/name" },
      ],
    });
    expect(redoclyProblems(redocly.errors)).toEqual("problems" in local && local.problems);
  });

  it("finds both path parameter problems, each at its node", async () => {
    const { local } = await both(broken[4]![1]);
    expect("problems" in local && sorted(local.problems)).toEqual([
      {
        message: "Path parameter `color` is not used in the path `/pets/{id}/{kind}`.",
        pointer: "#/paths/~1pets~1{id}~1{kind}/get/parameters/1/name",
      },
      {
        message: "The operation does not define the path parameter `{kind}` expected by path `/pets/{id}/{kind}`.",
        pointer: "#/paths/~1pets~1{id}~1{kind}/get/parameters",
      },
    ]);
  });

  // What Redocly's resolver or bundler does beyond checking: left to it, and its result is loadOpenApi's.
  const declined: [string, string, RegExp][] = [
    ["a $ref that does not resolve", base.replace("#/components/parameters/Id", "#/components/parameters/Missing"), /does not resolve/],
    ["a $ref to another file", base.replace("#/components/parameters/Id", "./parameters.yaml#/Id"), /not a local JSON pointer/],
    [
      "a $ref to a $ref",
      base.replace(
        "    Pet: { type: object }",
        '    Pet: { type: object }\n    Animal: { $ref: "#/components/schemas/Pet" }\n    Beast: { $ref: "#/components/schemas/Animal" }',
      ),
      /another \$ref/,
    ],
    [
      "a $ref where a plain value belongs (the bundler puts the value there)",
      base.replace(
        "    Pet: { type: object }",
        '    Pet: { type: object, description: { $ref: "#/components/x-texts/pet" } }\n  x-texts: { pet: A pet }',
      ),
      /stands for a plain value/,
    ],
    [
      "a discriminator mapping the bundler rewrites",
      base.replace(
        "    Pet: { type: object }",
        '    Pet: { type: object, oneOf: [{ $ref: "#/components/schemas/Cat" }], discriminator: { propertyName: kind, mapping: { cat: "#/components/schemas/Pet/oneOf/0" } } }\n    Cat: { type: object }',
      ),
      /discriminator mapping/,
    ],
    [
      "an operation with callbacks",
      base.replace(
        "    get:\n",
        '    get:\n      callbacks: { done: { "{$request.body#/url}": { post: { responses: { "200": { description: ok } } } } } }\n',
      ),
      /callbacks/,
    ],
    // Found by openapi-local.property.test.ts: Redocly's resolver looks this key up in its type
    // tree's plain object, finds Object.prototype.hasOwnProperty and throws calling it.
    [
      "a key that Object.prototype has",
      base.replace(
        "    Pet: { type: object }",
        '    Pet: { type: object }\n    Cat: { $ref: "#/components/schemas/Pet", hasOwnProperty: text }',
      ),
      /Object\.prototype/,
    ],
    // Found the same way: the second path item's $ref is to a parameter walked already, and
    // Redocly's walk goes through it again for path-parameters-defined, through the $ref's
    // `x-ext` too, whose $ref for a plain value its bundler then replaces with the value.
    [
      "a $ref to a node walked already, with fields beside it",
      base.replace(
        "components:\n",
        '  /cats/{id}:\n    parameters:\n      - { $ref: "#/components/parameters/Id", x-ext: { a: { $ref: "#/info/title" } } }\n    get:\n      responses: { "200": { description: ok } }\ncomponents:\n',
      ),
      /fields beside it/,
    ],
    // Found the same way: the path parameter is found a wrong type in as a schema after its
    // operation's check met it in Redocly's walk, but before this path item's check here.
    [
      "a path parameter walked as another type too",
      base.replace(
        '      responses: { "200": { description: ok } }\n',
        '      responses: { "200": { description: ok, content: { application/json: { schema: { $ref: "#/components/parameters/Id" } } } } }\n',
      ),
      /walked as Schema too/,
    ],
    // Found the same way: Redocly's bundler throws on a mapping where its Root visitor did not run.
    [
      "a discriminator mapping in a root with a wrong type in it",
      valid31.replace("openapi: 3.1.0\n", "openapi: 3.1.0\njsonSchemaDialect: 5\n"),
      /root Redocly's bundler did not visit/,
    ],
    // Found reading Redocly's walk: it takes the node a root $ref points at for the document,
    // and its bundler adds components there.
    [
      "a $ref at the top level",
      `${base}$ref: "#/x-root"\nx-root: { openapi: 3.0.3, info: { title: B, version: "1" }, paths: {} }\n`,
      /root is a \$ref/,
    ],
    ["Swagger 2.0", 'swagger: "2.0"\ninfo: { title: Old, version: "1" }\npaths: {}\n', /not OpenAPI 3/],
    ["text that is not YAML", `${base}  bad: [unclosed\n`, /does not parse/],
  ];
  for (const [what, text, why] of declined)
    it(`leaves to Redocly ${what}`, async () => {
      const local = checkLocalOpenApi(text, join(dir, "api.yaml"));
      expect("declined" in local && local.declined).toMatch(why);
    });
});

describe("loadOpenApi", () => {
  it("reports a problem found here as Redocly reports it: file, line, column, JSON pointer", async () => {
    const file = join(dir, "api.yaml");
    await writeFile(file, base.replace("    get:\n", "    get:\n      summery: Pets\n"));
    await expect(loadOpenApi(file, "specs/acme/api.yaml")).rejects.toThrow(
      new CliError(
        "specs/acme/api.yaml is not a valid definition (1 error):\n  - specs/acme/api.yaml:6:7 #/paths/~1pets~1{id}/get/summery: Property `summery` is not expected here.",
      ),
    );
  });

  it("reports a $ref that does not resolve, through Redocly", async () => {
    const file = join(dir, "api.yaml");
    await writeFile(file, base.replace("#/components/parameters/Id", "#/components/parameters/Missing"));
    await expect(loadOpenApi(file, "specs/acme/api.yaml")).rejects.toThrow(
      /specs\/acme\/api\.yaml:7:11 #\/paths\/~1pets~1\{id\}\/get\/parameters\/0: Can't resolve \$ref/,
    );
  });

  it.each([
    [
      "a loop of $refs",
      (text: string) => `${text}    Loop: { $ref: "#/components/schemas/Again" }\n    Again: { $ref: "#/components/schemas/Loop" }\n`,
      /^specs\/acme\/api\.yaml cannot be loaded: Self-referencing circular pointer \(\$ref "#\/components\/schemas\/Again" points at another \$ref at #\/components\/schemas\/Loop\)$/,
    ],
    [
      "a malformed escape in a $ref",
      (text: string) => text.replace("#/components/parameters/Id", "#/components/parameters/I%ZZd"),
      /^specs\/acme\/api\.yaml cannot be loaded: URI malformed \(\$ref "#\/components\/parameters\/I%ZZd" is not a valid URI fragment at #\/paths\/~1pets~1\{id\}\/get\/parameters\/0\)$/,
    ],
  ])("names the file and the $ref's place where Redocly throws without them: %s", async (_, broken, message) => {
    const file = join(dir, "api.yaml");
    await writeFile(file, broken(base));
    const error = await loadOpenApi(file, "specs/acme/api.yaml").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CliError);
    expect((error as Error).message).toMatch(message);
  });

  it("returns Redocly's bundle of a definition left to it (another file's $ref moved into components)", async () => {
    const file = join(dir, "api.yaml");
    await writeFile(join(dir, "parameters.yaml"), "Id: { name: id, in: path, required: true, schema: { type: string } }\n");
    await writeFile(file, base.replace("#/components/parameters/Id", "./parameters.yaml#/Id"));
    const document = await loadOpenApi(file);
    expect(document.paths["/pets/{id}"].get.parameters[0]).toEqual({ $ref: "#/components/parameters/Id" });
    expect(document).toEqual((await bundleWithRedocly(file)).document);
  });
});
