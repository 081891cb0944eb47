// The entry for browsers: the page exposes the job; the test runs it from the page. The refused
// call's error goes to the console, as a page's error handling would log it.
import { exercise, type Job } from "./harness.ts";

(globalThis as { exercise?: (job: Job) => ReturnType<typeof exercise> }).exercise = (job: Job) =>
  exercise(job, (error) => console.error(error));
