import { Command, Option } from 'commander';
import type { ContractGroup } from '@mypage/api';
import type { Factory } from '../factory.js';
import { printFields, printHeading, printList } from '../output/print.js';
import { examples } from './help.js';

/* `mypage contracts list|show` — ご契約内容の確認 (R-HOME-2, R-CON-1..3). */

export interface ContractsListOptions {
  f: Factory;
  group?: ContractGroup;
}
export interface ContractsShowOptions {
  f: Factory;
  contractNumber: string;
}

export function newContractsCommand(f: Factory): Command {
  const cmd = new Command('contracts').description('Contracts of your billing group (ご契約内容)');
  cmd.addCommand(newContractsListCommand(f));
  cmd.addCommand(newContractsShowCommand(f));
  return examples(cmd, ['$ mypage contracts list', '$ mypage contracts show CAF0000000001']);
}

export function newContractsListCommand(f: Factory, run: (o: ContractsListOptions) => Promise<void> = contractsListRun): Command {
  const cmd = new Command('list')
    .alias('ls')
    .description('List contracts: number, service, customer name, installation address (R-CON-1)')
    .addOption(new Option('--group <group>', 'hikari: mediaひかりのご契約, other: その他のご契約').choices(['hikari', 'other']))
    .action(async (o: { group?: ContractGroup }) => run({ f, ...(o.group ? { group: o.group } : {}) }));
  return examples(cmd, ['$ mypage contracts list', '$ mypage contracts list --group other', '$ mypage contracts list --json | jq -r ".[].contractNumber"']);
}

export async function contractsListRun(o: ContractsListOptions): Promise<void> {
  const { f } = o;
  const client = await f.client();
  const items = await f.io.spin(f.t('契約を取得中…', 'Fetching contracts…'), () => client.contracts.list(o.group ? { group: o.group } : {}));
  const address = (a: { address1: string; address2: string; building: string }) => [a.address1, a.address2, a.building].filter(Boolean).join(' ');
  await printList(f.io, items, [
    { header: f.t('契約番号', 'Contract'), get: (c) => c.contractNumber },
    { header: f.t('区分', 'Group'), get: (c) => (c.group === 'hikari' ? f.t('mediaひかり', 'hikari') : f.t('その他', 'other')) },
    { header: f.t('サービス', 'Service'), get: (c) => c.serviceName },
    { header: f.t('顧客名', 'Customer'), get: (c) => c.customerName },
    { header: f.t('設置場所住所', 'Installation address'), get: (c) => address(c.installationAddress) },
  ]);
}

export function newContractsShowCommand(f: Factory, run: (o: ContractsShowOptions) => Promise<void> = contractsShowRun): Command {
  const cmd = new Command('show')
    .description('Contract details (R-CON-3); the `2N` customer number and full-width digits are accepted')
    .argument('<contract-number>', '契約番号, e.g. CAF0000000001 or 2NCAF0000000001')
    .action(async (contractNumber: string) => run({ f, contractNumber }));
  return examples(cmd, ['$ mypage contracts show CAF0000000001', '$ mypage contracts show 2NCAF0000000001 --json']);
}

export async function contractsShowRun(o: ContractsShowOptions): Promise<void> {
  const { f } = o;
  const client = await f.client();
  const c = await f.io.spin(f.t('契約を取得中…', 'Fetching the contract…'), () => client.contracts.get(o.contractNumber));
  if (f.io.json) {
    await printFields(f.io, [], c);
    return;
  }
  const addr = (a: { postalCode: string; address1: string; address2: string; building: string }) =>
    `〒${a.postalCode.slice(0, 3)}-${a.postalCode.slice(3)} ${[a.address1, a.address2, a.building].filter(Boolean).join(' ')}`;
  const fields: [string, string | null][] = [
    [f.t('契約番号', 'Contract number'), c.contractNumber],
    [f.t('お客様番号', 'Customer number'), c.customerNumber],
    [f.t('顧客カナ', 'Customer kana'), c.customerKana],
    [f.t('顧客名', 'Customer name'), c.customerName],
    [f.t('届出場所住所', 'Registered address'), addr(c.registeredAddress)],
    [f.t('設置場所住所', 'Installation address'), addr(c.installationAddress)],
    [f.t('サービス', 'Service'), c.serviceName],
  ];
  if (c.accessLine) {
    fields.push(
      [f.t('アクセスライン', 'Access line'), c.accessLine.serviceName],
      [f.t('契約ステータス', 'Status'), c.accessLine.status],
      [f.t('開始日', 'Start date'), c.accessLine.startDate],
      [f.t('アクセスキー', 'Access key'), c.accessLine.accessKey],
    );
  }
  c.hikariPhone.forEach((p, i) => fields.push([`${f.t('ひかり電話', 'Hikari phone')} ${i + 1}`, `${p.phoneNumber} (${p.serviceName}${p.details ? ` / ${p.details}` : ''})`]));
  c.options.forEach((name, i) => fields.push([`${f.t('オプション', 'Option')} ${i + 1}`, name]));
  fields.push([f.t('開通案内', 'Opening notices'), c.openingNoticeDates.join(', ') || '-']);
  await printFields(f.io, fields);
  printHeading(f.io, f.t(`開通案内: mypage notices download ${c.contractNumber} <日付>  ご請求: mypage bills list`, `Opening notices: mypage notices download ${c.contractNumber} <date>   Bills: mypage bills list`));
}
