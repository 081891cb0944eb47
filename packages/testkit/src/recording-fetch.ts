/**
 * A pass-through fetch that remembers what went over the wire (method, URL, headers, body) before
 * handing the request to the real fetch. `rewrite` lets a test play a server-side event, such as
 * the API no longer accepting a token, without replacing the server.
 */
export function recordingFetch(rewrite?: (request: Request) => Request | Promise<Request>) {
  const requests: Array<{ method: string; url: string; headers: Record<string, string>; body: string }> = [];
  const fetch = async (input: Request | string | URL, init?: RequestInit): Promise<Response> => {
    let request = new Request(input, init);
    if (rewrite) request = await rewrite(request);
    const body = request.body ? await request.clone().text() : "";
    requests.push({ method: request.method, url: request.url, headers: Object.fromEntries(request.headers), body });
    return globalThis.fetch(request);
  };
  return { fetch, requests };
}
