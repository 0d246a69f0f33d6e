import { Command } from 'commander';
import type { Factory } from '../../factory.js';
import { printList } from '../../output/print.js';
import { examples } from '../help.js';
import type { ClientFactory, Terminal } from '../../cmdutil.js';

export interface ListOptions extends Terminal {
  client: ClientFactory;
  contractNumber: string;
}

export function newListCommand(f: Factory, run: (o: ListOptions) => Promise<void> = listRun): Command {
  const cmd = new Command('list')
    .alias('ls')
    .description('Issue dates of the opening notices of a contract, newest first')
    .argument('<contract-number>', '契約番号')
    .action(async (contractNumber: string) => run({ ...f.terminal(), client: f.clientFactory(), contractNumber }));
  return examples(cmd, ['$ mypage notices list CAF0000000001', '$ mypage notices list CAF0000000001 --json']);
}

export async function listRun(o: ListOptions): Promise<void> {
  const client = await o.client();
  const items = await o.io.spin(o.t('開通案内を取得中…', 'Fetching opening notices…'), () => client.notices.list(o.contractNumber));
  await printList(o.io, items, [
    { header: o.t('発行日', 'Date'), get: (n) => n.date },
    { header: o.t('表示', 'Label'), get: (n) => n.label },
    { header: o.t('ファイル名', 'File'), get: (n) => n.fileName },
  ], items, { empty: o.t(`${o.contractNumber} の開通案内はありません。`, `No opening notices for ${o.contractNumber}.`) });
}
