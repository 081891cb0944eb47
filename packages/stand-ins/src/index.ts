// Every vendor at once on loopback, for the demo, the CLI's --stand-ins and app tests. A package
// of its own: it reads each vendor's data, and the vendors' own tests use the testkit beneath it.
export { startStandIns, STAND_IN_VENDORS, type StandIns, VENDORS } from "./stand-ins.ts";
