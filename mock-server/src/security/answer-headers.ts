import { ServerResponse, type IncomingMessage, type OutgoingHttpHeader, type OutgoingHttpHeaders, type ServerOptions } from 'node:http';

/*
 * The app's default answer headers (`x-request-id`, `Cache-Control: no-store`: security/front.ts)
 * written with the answer's own head in one step. Set beforehand with `setHeader`, they make Node
 * take its slow path for the head: every header of the answer is validated and stored a second
 * time, about 2 µs of a request that costs 30 (as much as the whole of a small route's own work).
 * The server `mypage-server` runs makes its responses of this class (`answerServerOptions`); the
 * front layer hands it the defaults, and they go into the head's header object when the answer
 * writes it, the answer's own headers winning (compared without regard to case). Under any other
 * server the front layer uses `setHeader`, with the same outcome.
 */

export class AnswerResponse<Request extends IncomingMessage = IncomingMessage> extends ServerResponse<Request> {
  #defaults: OutgoingHttpHeaders | undefined;

  /** Headers the head gets unless the answer sets its own (names in lower case). */
  setDefaultHeaders(headers: OutgoingHttpHeaders): void {
    this.#defaults = headers;
  }

  override writeHead(statusCode: number, reason?: string | OutgoingHttpHeaders | OutgoingHttpHeader[], headers?: OutgoingHttpHeaders | OutgoingHttpHeader[]): this {
    const defaults = this.#defaults;
    if (defaults) {
      this.#defaults = undefined;
      if (typeof reason === 'string') return super.writeHead(statusCode, reason, withDefaults(this, defaults, headers));
      return super.writeHead(statusCode, withDefaults(this, defaults, reason));
    }
    return typeof reason === 'string' ? super.writeHead(statusCode, reason, headers) : super.writeHead(statusCode, reason);
  }
}

/** `headers` with each default it lacks; a list of pairs is left as it is and the defaults set with `setHeader`. */
function withDefaults(res: ServerResponse, defaults: OutgoingHttpHeaders, headers: OutgoingHttpHeaders | OutgoingHttpHeader[] | undefined): OutgoingHttpHeaders | OutgoingHttpHeader[] {
  if (Array.isArray(headers)) {
    const names = new Set(headers.filter((_, i) => i % 2 === 0).map((n) => String(n).toLowerCase()));
    for (const name in defaults) if (!names.has(name) && !res.hasHeader(name)) res.setHeader(name, defaults[name]!);
    return headers;
  }
  const merged: OutgoingHttpHeaders = {};
  for (const name in defaults) if (!(headers && hasName(headers, name)) && !res.hasHeader(name)) merged[name] = defaults[name];
  for (const name in headers) merged[name] = headers[name];
  return merged;
}

/** Whether `headers` has `name` (lower case) in any case. */
function hasName(headers: OutgoingHttpHeaders, name: string): boolean {
  for (const key in headers) if (key.length === name.length && key.toLowerCase() === name) return true;
  return false;
}

/** `serve({ …, serverOptions: answerServerOptions })`: the server's responses are `AnswerResponse`s. */
export const answerServerOptions: ServerOptions = { ServerResponse: AnswerResponse as unknown as typeof ServerResponse };
