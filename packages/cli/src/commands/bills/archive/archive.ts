import { Command } from 'commander';
import type { Factory } from '../../../factory.js';
import { CliError, usageError } from '../../../errors.js';
import { monthArg } from '../../../input.js';
import { examples } from '../../help.js';
import { dirArg, encodingArg, indexError, type ActorFactory, type Terminal, type ClientFactory, type Clock } from './options.js';
import { actorFrom } from './actor.js';
import { newArchiveSearchCommand } from './search.js';
import { newArchiveVerifyCommand } from './verify.js';

/*
 * `mypage bills archive --dir DIR [--since YYYY-MM] [--until YYYY-MM] [--notices]` — keep every
 * invoice PDF as 電子帳簿保存法 asks (D-10): `{取引年月日}_{取引先}_{取引金額}.pdf`, 索引簿.csv,
 * audit.log; nothing overwritten, a re-issue kept beside the original as `_2`.
 */

export interface ArchiveOptions extends Terminal {
  client: ClientFactory;
  now: Clock;
  actor: ActorFactory;
  dir: string;
  since?: string;
  until?: string;
  notices: boolean;
  template?: string;
  encoding?: string;
}

interface Flags {
  dir?: string;
  since?: string;
  until?: string;
  notices?: boolean;
  nameTemplate?: string;
  encoding?: string;
}

export function newArchiveCommand(f: Factory, runF: (o: ArchiveOptions) => Promise<void> = archiveRun): Command {
  const cmd = new Command('archive')
    .description('Keep invoice PDFs as 電子帳簿保存法 asks: {取引年月日}_{取引先}_{取引金額}.pdf, 索引簿.csv, audit.log')
    .option('--dir <dir>', 'archive folder (created if missing)')
    .option('--since <month>', 'first billing month, e.g. 2023-07 (default: the oldest the portal has)')
    .option('--until <month>', 'last billing month (default: the newest)')
    .option('--notices', 'also archive the opening notices (開通案内) of every contract')
    .option(
      '--name-template <template>',
      'file name pattern; fields {取引年月日} {取引先} {取引金額} {請求年月} {お客様番号} {書類の種類} {登録番号} {ご請求番号} {年} (or {date} {partner} {amount} {month} {customer} {kind} {registration} {billing-id} {year})',
    )
    .option('--encoding <enc>', '索引簿.csv encoding when it is created: cp932 (default, Excel) or utf8')
    .action(async (o: Flags) =>
      runF({
        ...f.terminal(),
        client: f.clientFactory(),
        now: f.now,
        actor: () => actorFrom(f),
        dir: o.dir ?? '',
        notices: Boolean(o.notices),
        ...(o.since !== undefined ? { since: o.since } : {}),
        ...(o.until !== undefined ? { until: o.until } : {}),
        ...(o.nameTemplate !== undefined ? { template: o.nameTemplate } : {}),
        ...(o.encoding !== undefined ? { encoding: o.encoding } : {}),
      }),
    );
  cmd.addCommand(newArchiveVerifyCommand(f));
  cmd.addCommand(newArchiveSearchCommand(f));
  return examples(cmd, [
    '$ mypage bills archive --dir 証憑/mediaひかり',
    '$ mypage bills archive --dir invoices --since 2024-01 --notices',
    "$ mypage bills archive --dir invoices --name-template '{請求年月}_{取引先}_{取引金額}'",
    '$ mypage bills archive verify --dir invoices',
    '$ mypage bills archive search --dir invoices --from 2024-01-01 --to 2024-03-31 --min 5000',
  ]);
}

export async function archiveRun(o: ArchiveOptions): Promise<void> {
  const dir = dirArg(o.dir);
  const since = o.since !== undefined ? await monthArg(o.since, '--since') : undefined;
  const until = o.until !== undefined ? await monthArg(o.until, '--until') : undefined;
  if (since && until && since > until) throw usageError(`--since（${since}）が --until（${until}）より後です。`, `--since (${since}) is after --until (${until}).`);
  const encoding = encodingArg(o.encoding);
  const { DEFAULT_TEMPLATE, checkTemplate, TemplateError, TEMPLATE_FIELDS } = await import('../../../archive/names.js');
  const template = o.template ?? DEFAULT_TEMPLATE;
  try {
    checkTemplate(template);
  } catch (err) {
    if (!(err instanceof TemplateError)) throw err;
    const fields = Object.entries(TEMPLATE_FIELDS)
      .map(([ja, { en }]) => `{${ja}} {${en}}`)
      .join(' ');
    throw usageError(
      err.field ? `ファイル名のひな形に使えない項目です: {${err.field}}` : 'ファイル名のひな形に項目がありません。',
      err.field ? `Unknown field in --name-template: {${err.field}}` : '--name-template names no field.',
      `fields: ${fields}`,
    );
  }
  const { readIndex } = await import('../../../archive/index-book.js');
  const existing = await readIndex(dir).catch(indexError);
  if (encoding && existing.encoding && encoding !== existing.encoding) {
    throw usageError(
      `索引簿.csv は既に ${existing.encoding} で作られています（追記は同じ文字コードで行います）。`,
      `索引簿.csv already exists in ${existing.encoding}; rows are appended in that encoding (drop --encoding).`,
    );
  }
  const { archiveDocuments } = await import('../../../archive/archive.js');
  const { billSources, billedMonthsBetween, noticeSources } = await import('../../../archive/sources.js');
  const { reportArchive } = await import('../../../archive/report.js');
  const client = await o.client();
  const actor = await o.actor();
  const months = await o.io.spin(o.t('ご請求の月を取得中…', 'Listing billing months…'), () => billedMonthsBetween(client, since, until));
  let issuer: import('../../../archive/sources.js').Issuer | undefined;
  async function* all() {
    yield* billSources(client, months, (b) => (issuer = b.issuer));
    if (!o.notices) return;
    if (!issuer) {
      // no bill in the range: the newest bill still names the issuer
      const latest = (await client.bills.list({})).months[0];
      if (latest) issuer = (await client.bills.get(latest.month)).issuer;
    }
    if (issuer) yield* noticeSources(client, issuer, since, until);
  }
  const { ArchiveBusyError } = await import('../../../archive/lock.js');
  const result = await o.io
    .spin(o.t('請求書を保存中…', 'Archiving invoices…'), () => archiveDocuments({ dir, template, encoding: encoding ?? 'cp932', now: o.now, actor }, all()))
    .catch((err: unknown) => {
      if (!(err instanceof ArchiveBusyError)) throw err;
      throw new CliError('ARCHIVE_BUSY', `このフォルダでは別の bills archive が実行中です（${err.holder}）。`, `Another bills archive is running on this folder (${err.holder}).`);
    });
  await reportArchive(o, { ...result, dir: o.dir });
}
