import { Command, Option } from 'commander';
import type { ClientFactory, Terminal } from '../../cmdutil.js';
import { usageError, CliError, ExitCode } from '../../errors.js';
import { downloadTarget } from '../../download.js';
import type { Factory } from '../../factory.js';
import { printJson } from '../../output/print.js';
import type { JournalEncoding } from '../../bookkeeping/csv.js';
import { billsInRange } from '../../bookkeeping/fetch.js';
import { writeFileAtomic } from '../../bookkeeping/files.js';
import { JOURNAL_FORMATS, journalRows, type JournalFormat } from '../../bookkeeping/formats.js';
import { DEFAULT_CREDIT_ACCOUNT, DEFAULT_DEBIT_ACCOUNT, ENTRY_DATE_BASES, journalEntries, type EntryDateBasis, type JournalSettings } from '../../bookkeeping/journal.js';
import type { AccountMapping } from '../../bookkeeping/mapping.js';
import { monthSpan, pick, readMapping } from '../../bookkeeping/options.js';
import { examples } from '../help.js';

/* `mypage bills export` — journal entries (仕訳) of the bills for freee, マネーフォワード, 弥生 (R-FMT-9). */

export interface ExportOptions extends Terminal {
  client: ClientFactory;
  format: JournalFormat;
  from: string;
  to?: string;
  output?: string;
  /** replace an existing file (else FILE_EXISTS, exit 2, before anything is fetched) */
  clobber: boolean;
  encoding: JournalEncoding;
  date: EntryDateBasis;
  account?: string;
  subAccount?: string;
  department?: string;
  credit?: string;
  creditSubAccount?: string;
  mapping?: string;
}

export function newExportCommand(f: Factory, run: (o: ExportOptions) => Promise<void> = exportRun): Command {
  const cmd = new Command('export')
    .description('Journal entries (仕訳) of the bills for freee, マネーフォワード クラウド会計 or 弥生会計: one entry per bill, one line per tax rate')
    .addOption(new Option('--format <product>', 'accounting product').choices([...JOURNAL_FORMATS]).makeOptionMandatory())
    .requiredOption('--from <month>', 'first billing month, e.g. 2023-10')
    .option('--to <month>', 'last billing month (default: --from)')
    .option('-o, --output <file>', 'file or existing folder to write to (`-` for stdout; default stdout when it is not a terminal)')
    .option('--clobber', 'overwrite an existing file', false)
    .addOption(new Option('--encoding <encoding>', 'file encoding').choices(['cp932', 'sjis', 'utf8']).default('cp932'))
    .addOption(new Option('--date <basis>', 'entry date: the issue date, the billing month\'s last day, or the due date').choices([...ENTRY_DATE_BASES]).default('issue'))
    .option('--account <name>', `debit account (default ${DEFAULT_DEBIT_ACCOUNT})`)
    .option('--sub-account <name>', 'debit 補助科目')
    .option('--department <name>', '部門 of the debit line')
    .option('--credit <name>', `credit (payment) account (default ${DEFAULT_CREDIT_ACCOUNT}; 普通預金 for a direct debit)`)
    .option('--credit-sub-account <name>', 'credit 補助科目')
    .option('--mapping <file>', 'JSON file with the names of your chart of accounts (flags win)')
    .action(async (raw: Record<string, unknown>) => {
      const o = raw as Record<string, string | undefined>;
      return run({
        ...f.terminal(),
        client: f.clientFactory(),
        format: o.format as JournalFormat,
        from: o.from!,
        encoding: o.encoding === 'utf8' ? 'utf8' : 'cp932',
        date: o.date as EntryDateBasis,
        clobber: raw.clobber === true,
        ...pick(o, ['to', 'output', 'account', 'subAccount', 'department', 'credit', 'creditSubAccount', 'mapping']),
      });
    });
  return examples(cmd, [
    '$ mypage bills export --format freee --from 2024-01 --to 2024-12 -o freee.csv',
    '$ mypage bills export --format moneyforward --from 2024-04 --to 2025-03 --credit 普通預金 --date due -o mf.csv',
    '$ mypage bills export --format yayoi --from 2024-06 --mapping accounts.json --encoding utf8 -o yayoi.txt',
  ]);
}

export async function exportRun(o: ExportOptions): Promise<void> {
  const { from, to } = await monthSpan(o.from, o.to);
  if (o.output === undefined && o.io.isStdoutTTY) {
    throw usageError('書き出し先を -o で指定してください（端末には書き出しません）。', 'Give the file to write with -o (a journal file is not written to a terminal).');
  }
  // `-o exports/` (an existing folder): the usual name inside it; an existing file is refused now,
  // before anything is fetched, unless --clobber
  const target = o.output === undefined || o.output === '-' ? '-' : await downloadTarget(o.output, `${o.format}-${from === to ? from : `${from}_${to}`}.csv`, o.clobber);
  const mapping = await readMapping(o);
  const settings: JournalSettings = {
    dateBasis: o.date,
    debit: side(o.account, o.subAccount, o.department, mapping.debit, DEFAULT_DEBIT_ACCOUNT),
    credit: side(o.credit, o.creditSubAccount, undefined, mapping.credit, DEFAULT_CREDIT_ACCOUNT),
    ...(mapping.partner !== undefined ? { partner: mapping.partner } : {}),
  };
  const client = await o.client();
  const bills = await o.io.spin(o.t('ご請求を取得中…', 'Fetching bills…'), () => billsInRange(client, from, to));
  if (bills.length === 0) {
    throw new CliError('BILL_NOT_FOUND', `${from}〜${to} のご請求はありません。`, `No bills from ${from} to ${to}.`, ExitCode.notFound);
  }
  const entries = journalEntries(bills, settings);
  // loaded here, not at start-up: Shift_JIS (iconv-lite) is only needed by this verb's run
  const { csvText, encodeCsv, EncodingError } = await import('../../bookkeeping/csv.js');
  let bytes: Buffer;
  try {
    bytes = encodeCsv(csvText(journalRows(o.format, entries, settings, mapping.taxCategories)), o.encoding);
  } catch (err) {
    if (err instanceof EncodingError) {
      throw usageError(`「${err.character}」は Shift_JIS (CP932) で書けません。名前を変えるか --encoding utf8 を指定してください。`, `"${err.character}" cannot be written in Shift_JIS (CP932): change the name or use --encoding utf8.`);
    }
    throw err;
  }
  const total = bills.reduce((s, b) => s + b.total, 0);
  const summary = { format: o.format, encoding: o.encoding, from, to, months: bills.map((b) => b.month), entries: entries.length, rows: entries.reduce((s, e) => s + e.lines.length, 0), total };
  if (target === '-') {
    o.io.stdout.write(bytes);
    return;
  }
  await writeFileAtomic(target, bytes, o.clobber);
  if (o.io.json) return printJson(o.io, { path: target, bytes: bytes.length, ...summary });
  if (o.io.isStdoutTTY) {
    o.io.info(o.t(`${entries.length}件の仕訳（${bills.length}か月、合計 ${total.toLocaleString('ja-JP')}円）を書き出しました: ${target}`, `Wrote ${entries.length} journal entries (${bills.length} months, total ${total.toLocaleString('en-US')} yen): ${target}`));
    return;
  }
  o.io.out(target);
}

function side(account: string | undefined, sub: string | undefined, dept: string | undefined, mapped: AccountMapping['debit'], fallback: string) {
  const subAccount = sub ?? mapped?.subAccount;
  const department = dept ?? mapped?.department;
  return { account: account ?? mapped?.account ?? fallback, ...(subAccount ? { subAccount } : {}), ...(department ? { department } : {}) };
}

