import http from 'node:http';
import type { Socket } from 'node:net';
import type { Express } from 'express';

/**
 * The request and response classes an express app's server builds, born with express's own prototypes
 * (`app.request`, `app.response`).
 *
 * Express gives every request those prototypes (`Object.setPrototypeOf(req, app.request)` in `app.handle`). On an
 * object born an `http.IncomingMessage`, that switch costs V8 a new shape, and what the request then allocated
 * outlived it: measured on a bare express app answering `{"status":"ok"}` 6,000 times (`--trace-gc-nvp`), 28% of
 * the bytes allocated were promoted to the old generation by the young collections (0.03% without the switch), the
 * allocation itself was 60% larger, and the collections took three times as long. Born with the prototypes express
 * sets, the switch changes nothing (V8 returns early when the prototype is already the one asked for).
 */
export function expressServerClasses(app: Express): {
  IncomingMessage: typeof http.IncomingMessage;
  ServerResponse: typeof http.ServerResponse;
} {
  // Node's constructors are plain functions (callable on a new object); classes could not take express's prototypes.
  const incoming = http.IncomingMessage as unknown as (this: unknown, socket: Socket) => void;
  const outgoing = http.ServerResponse as unknown as (
    this: unknown,
    req: http.IncomingMessage,
    options?: object,
  ) => void;
  function AppRequest(this: unknown, socket: Socket): void {
    incoming.call(this, socket);
  }
  AppRequest.prototype = app.request;
  function AppResponse(this: unknown, req: http.IncomingMessage, options?: object): void {
    outgoing.call(this, req, options);
  }
  AppResponse.prototype = app.response;
  return {
    IncomingMessage: AppRequest as unknown as typeof http.IncomingMessage,
    ServerResponse: AppResponse as unknown as typeof http.ServerResponse,
  };
}
