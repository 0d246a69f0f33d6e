import { Command, Option } from 'commander';
import type { ContractGroup } from '@mypage/api';
import type { Factory } from '../../factory.js';
import { printList } from '../../output/print.js';
import { examples } from '../help.js';
import type { ClientFactory, Terminal } from '../../cmdutil.js';

export interface ListOptions extends Terminal {
  client: ClientFactory;
  group?: ContractGroup;
}

export function newListCommand(f: Factory, run: (o: ListOptions) => Promise<void> = listRun): Command {
  const cmd = new Command('list')
    .alias('ls')
    .description('List contracts: number, service, customer name, installation address')
    .addOption(new Option('--group <group>', 'hikari: mediaひかりのご契約, other: その他のご契約').choices(['hikari', 'other']))
    .action(async (o: { group?: ContractGroup }) => run({ ...f.terminal(), client: f.clientFactory(), ...(o.group ? { group: o.group } : {}) }));
  return examples(cmd, ['$ mypage contracts list', '$ mypage contracts list --group other', '$ mypage contracts list --json | jq -r ".[].contractNumber"']);
}

export async function listRun(o: ListOptions): Promise<void> {
  const client = await o.client();
  const items = await o.io.spin(o.t('契約を取得中…', 'Fetching contracts…'), () => client.contracts.list(o.group ? { group: o.group } : {}));
  const address = (a: { address1: string; address2: string; building: string }) => [a.address1, a.address2, a.building].filter(Boolean).join(' ');
  await printList(
    o.io,
    items,
    [
      { header: o.t('契約番号', 'Contract'), get: (c) => c.contractNumber },
      { header: o.t('区分', 'Group'), get: (c) => (c.group === 'hikari' ? o.t('mediaひかり', 'hikari') : o.t('その他', 'other')) },
      { header: o.t('サービス', 'Service'), get: (c) => c.serviceName, truncate: true },
      { header: o.t('顧客名', 'Customer'), get: (c) => c.customerName, truncate: true },
      { header: o.t('設置場所住所', 'Installation address'), get: (c) => address(c.installationAddress), truncate: true },
    ],
    items,
    { empty: o.t('契約はありません。', 'No contracts.') },
  );
}
