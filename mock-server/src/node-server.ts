import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import type { App } from './app.js';
import { answerServerOptions } from './security/answer-headers.js';

/**
 * A request the Node server answers itself, before @hono/node-server makes a request object of it
 * for the app: `true` when it wrote the answer, `false` to hand the request to the app. For what is
 * asked many times a second and answers the same each time (a load balancer's health probe,
 * routes/meta.ts); the app's own route for it must give the same answer (front.test.ts).
 */
export type NodeAnswer = (req: IncomingMessage, res: ServerResponse) => boolean;

const nodeAnswers = new WeakMap<App, NodeAnswer>();

/** Registers `answer` as what a server made by `createAppServer(app)` tries first (one per app). */
export function answerAtNode(app: App, answer: NodeAnswer): void {
  if (nodeAnswers.has(app)) throw new Error('answerAtNode: this app has one already');
  nodeAnswers.set(app, answer);
}

/**
 * The Node HTTP server of `app`, not yet listening: the server `mypage-server` runs (main.ts) and
 * the tests and benchmarks start. Its responses are `AnswerResponse`s (security/answer-headers.ts),
 * and a request the app answers at the Node level (`answerAtNode`) is answered without the app.
 * `hostname` is the one @hono/node-server gives a request's URL when it has no Host header.
 */
export function createAppServer(app: App, options: { hostname?: string } = {}): Server {
  const toApp = getRequestListener(app.fetch, options.hostname === undefined ? {} : { hostname: options.hostname });
  const early = nodeAnswers.get(app);
  if (!early) return createServer(answerServerOptions, toApp);
  return createServer(answerServerOptions, (req, res) => {
    try {
      if (early(req, res)) return;
    } catch {
      // An answer at the Node level that failed: the app answers, as it would have (or, with the
      // head already sent, the connection is cut rather than the process brought down).
      if (res.headersSent) return void res.destroy();
    }
    void toApp(req, res);
  });
}
