// The entry for workerd (Cloudflare Workers): a module worker that makes the call per request.
import { oneCall, type OneCallConfig } from "./one-call.ts";

export default {
  async fetch(request: Request): Promise<Response> {
    try {
      const config = (await request.json()) as OneCallConfig;
      return Response.json(await oneCall(config));
    } catch (error) {
      return Response.json({ error: String((error as Error)?.stack ?? error) }, { status: 500 });
    }
  },
};
