// The entry for browsers: the page exposes the program; the test calls it from the page.
import { oneCall } from "./one-call.ts";

(globalThis as { oneCall?: typeof oneCall }).oneCall = oneCall;
