import { createRoute } from '@hono/zod-openapi';
import { routes } from '@mypage/api';
import type { App, AppContext } from '../app.js';
import { parseMonth } from '../domain/access.js';
import { pageOf, visibleCallQuery } from '../domain/calls.js';
import { callRecordsCsv, csvContentType } from '../csv/call-records-csv.js';
import { toWebStream } from '../streams.js';
import { downloadHeaders } from './download.js';

const DEFAULT_LIMIT = 100;

/** R-CALL-1..3, D-2, D-5: a month's call records, paged JSON or streamed CSV. */
export function registerCallRoutes(app: App, ctx: AppContext): void {
  app.openapi(createRoute(routes.callRecords), async (c) => {
    const { group } = c.get('auth');
    const month = parseMonth(c.req.valid('param').month);
    const { limit, cursor, contract, phone } = c.req.valid('query');
    const filter = { contract, phone };
    const query = await visibleCallQuery(ctx.repos, group, month, filter, ctx.clock.now());
    return c.json(await pageOf(ctx.repos, query, filter, limit ?? DEFAULT_LIMIT, cursor), 200);
  });
  app.openapi(createRoute(routes.callRecordsCsv), async (c) => {
    const { group } = c.get('auth');
    const month = parseMonth(c.req.valid('param').month);
    const { contract, phone, encoding = 'utf8', contractColumn, excel } = c.req.valid('query');
    const style = { contractColumn: contractColumn === 'true', excel: excel === 'true' };
    const query = await visibleCallQuery(ctx.repos, group, month, { contract, phone }, ctx.clock.now());
    // Shift_JIS names its unmappable characters in a header, before the body: the store kept each
    // row's count when it stored the row, so this is a sum under the same query, not a pass over the month.
    const unmappable = encoding === 'sjis' ? await ctx.repos.callRecords.unmappable(query) : 0;
    const suffix = (encoding === 'utf8' ? '' : `-${encoding}`) + (style.excel ? '-excel' : '');
    const headers = downloadHeaders(csvContentType(encoding), `call-records-${month}${suffix}.csv`, {
      ...(encoding === 'sjis' ? { 'x-unmappable-chars': String(unmappable) } : {}),
    });
    const body = toWebStream(callRecordsCsv(ctx.repos.callRecords.stream(query), encoding, style));
    return c.body(body, 200, headers) as never;
  });
}
