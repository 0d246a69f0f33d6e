import { Command, Option } from 'commander';
import type { Factory } from '../../factory.js';
import { printFields, printHeading } from '../../output/print.js';
import { examples } from '../help.js';
import type { ClientFactory, Terminal } from '../../cmdutil.js';

export interface ShowOptions extends Terminal {
  client: ClientFactory;
  contractNumber: string;
}

export function newShowCommand(f: Factory, run: (o: ShowOptions) => Promise<void> = showRun): Command {
  const cmd = new Command('show')
    .description('Contract details; the `2N` customer number and full-width digits are accepted')
    .argument('<contract-number>', '契約番号, e.g. CAF0000000001 or 2NCAF0000000001')
    .action(async (contractNumber: string) => run({ ...f.terminal(), client: f.clientFactory(), contractNumber }));
  return examples(cmd, ['$ mypage contracts show CAF0000000001', '$ mypage contracts show 2NCAF0000000001 --json']);
}

export async function showRun(o: ShowOptions): Promise<void> {
  const client = await o.client();
  const c = await o.io.spin(o.t('契約を取得中…', 'Fetching the contract…'), () => client.contracts.get(o.contractNumber));
  if (o.io.json) {
    await printFields(o.io, [], c);
    return;
  }
  const addr = (a: { postalCode: string; address1: string; address2: string; building: string }) =>
    `〒${a.postalCode.slice(0, 3)}-${a.postalCode.slice(3)} ${[a.address1, a.address2, a.building].filter(Boolean).join(' ')}`;
  const fields: [string, string | null][] = [
    [o.t('契約番号', 'Contract number'), c.contractNumber],
    [o.t('お客様番号', 'Customer number'), c.customerNumber],
    [o.t('顧客カナ', 'Customer kana'), c.customerKana],
    [o.t('顧客名', 'Customer name'), c.customerName],
    [o.t('届出場所住所', 'Registered address'), addr(c.registeredAddress)],
    [o.t('設置場所住所', 'Installation address'), addr(c.installationAddress)],
    [o.t('サービス', 'Service'), c.serviceName],
  ];
  if (c.accessLine) {
    fields.push(
      [o.t('アクセスライン', 'Access line'), c.accessLine.serviceName],
      [o.t('契約ステータス', 'Status'), c.accessLine.status],
      [o.t('開始日', 'Start date'), c.accessLine.startDate],
      [o.t('アクセスキー', 'Access key'), c.accessLine.accessKey],
    );
  }
  c.hikariPhone.forEach((p, i) => fields.push([`${o.t('ひかり電話', 'Hikari phone')} ${i + 1}`, `${p.phoneNumber} (${p.serviceName}${p.details ? ` / ${p.details}` : ''})`]));
  c.options.forEach((name, i) => fields.push([`${o.t('オプション', 'Option')} ${i + 1}`, name]));
  fields.push([o.t('開通案内', 'Opening notices'), c.openingNoticeDates.join(', ') || '-']);
  await printFields(o.io, fields);
  printHeading(o.io, o.t(`開通案内: mypage notices download ${c.contractNumber} <日付>  ご請求: mypage bills list`, `Opening notices: mypage notices download ${c.contractNumber} <date>   Bills: mypage bills list`));
}
