export { run, report, HELP, type Io } from "./run.ts";
export { toCsv } from "./csv.ts";
export {
  readBom,
  summarize,
  costAt,
  detectDelimiter,
  type BadRow,
  type BomResult,
  type NumberedLine,
  type ReadBom,
  type SummarizeOptions,
} from "./bom.ts";
export { EXIT_PARTIAL } from "./commands/nexar-bom.ts";
