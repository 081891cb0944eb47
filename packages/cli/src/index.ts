export { run, report, HELP, type Io } from "./commands.ts";
export { parseCsv, toCsv } from "./csv.ts";
