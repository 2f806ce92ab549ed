/** The context a route's loader or action gets from the server, for calling routes in tests. */
export const ROUTE_CONTEXT = { clientIp: "127.0.0.1", cspNonce: "" };

/** What a route answered: what it returned, or the Response it threw (a redirect, a 403, a 404). */
export async function routeAnswer<T = Response>(p: Promise<unknown>): Promise<T> {
  try {
    return (await p) as T;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown as T;
    throw thrown;
  }
}
