export { run, report, HELP, type Io } from "./run.ts";
export { parseCsv, toCsv } from "./csv.ts";
export { readBom, summarize, type BomResult, type NumberedLine } from "./bom.ts";
