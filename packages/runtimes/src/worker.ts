// The entry for workerd (Cloudflare Workers): a module worker that runs the job per request.
import { exercise, type Job } from "./harness.ts";

export default {
  async fetch(request: Request): Promise<Response> {
    try {
      return Response.json(await exercise((await request.json()) as Job));
    } catch (error) {
      return Response.json({ error: String((error as Error)?.stack ?? error) }, { status: 500 });
    }
  },
};
