import type { MyPageClient } from '@mypage/sdk';
import { CliError, ExitCode } from '../../errors.js';
import type { Terminal } from '../../cmdutil.js';

/** The newest billing month, for commands whose month is optional. */
export async function latestMonth(f: Terminal, client: MyPageClient): Promise<string> {
  const list = await f.io.spin(f.t('ご請求を取得中…', 'Fetching bills…'), () => client.bills.list({}));
  const m = list.months[0]?.month;
  if (!m) throw new CliError('BILL_NOT_FOUND', 'ご請求はまだありません。', 'There is no bill yet.', ExitCode.notFound);
  return m;
}
