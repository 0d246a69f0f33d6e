import { Command } from 'commander';
import type { Factory } from '../../../factory.js';
import { CliError, ExitCode, usageError } from '../../../errors.js';
import { examples } from '../../help.js';
import { actorFrom } from './actor.js';
import { dirArg, encodingArg, indexError, type ActorFactory, type Terminal, type Clock } from './options.js';

/*
 * `mypage bills archive search --dir DIR [--from DATE] [--to DATE] [--min YEN] [--max YEN]
 * [--partner TEXT] [--export OUT.csv]` — 電子帳簿保存法's search: 取引年月日 and 取引金額 as ranges,
 * 取引先, any of them combined; from 索引簿.csv alone, offline. `--export` writes the matching rows
 * as CSV for a tax officer's request (ダウンロードの求め).
 */

export interface ArchiveSearchOptions extends Terminal {
  now: Clock;
  actor: ActorFactory;
  dir: string;
  from?: string;
  to?: string;
  min?: string;
  max?: string;
  partner?: string;
  export?: string;
  encoding?: string;
}

type Flags = Omit<ArchiveSearchOptions, keyof Terminal | 'now' | 'actor' | 'dir'> & { dir?: string };

export function newArchiveSearchCommand(f: Factory, runF: (o: ArchiveSearchOptions) => Promise<void> = archiveSearchRun): Command {
  const cmd = new Command('search')
    .description('Find archived documents by 取引年月日 range, 取引金額 range and 取引先 (combined: all must hold), from 索引簿.csv')
    .option('--dir <dir>', 'archive folder')
    .option('--from <date>', '取引年月日 from (inclusive), e.g. 2024-01-01, 2024/1/1, 2024-01')
    .option('--to <date>', '取引年月日 to (inclusive); a month means its last day')
    .option('--min <yen>', '取引金額 at least (yen incl. tax)')
    .option('--max <yen>', '取引金額 at most')
    .option('--partner <text>', '取引先 contains this text')
    .option('--export <file>', 'also write the matching rows as CSV (for a tax office request)')
    .option('--encoding <enc>', 'encoding of --export: cp932 (default) or utf8')
    // `--dir` and `--encoding` after `search` are parsed by `archive` (it has them too): read both
    .action(async (_o: unknown, self: Command) => {
      const o = self.optsWithGlobals<Flags>();
      const keys = ['from', 'to', 'min', 'max', 'partner', 'export', 'encoding'] as const;
      const flags = Object.fromEntries(keys.filter((k) => o[k] !== undefined).map((k) => [k, o[k]])) as Omit<Flags, 'dir'>;
      return runF({ ...f.terminal(), now: f.now, actor: () => actorFrom(f), ...flags, dir: o.dir ?? '' });
    });
  return examples(cmd, [
    '$ mypage bills archive search --dir invoices --from 2024-01 --to 2024-03',
    '$ mypage bills archive search --dir invoices --min 5000 --max 10000 --partner メディア',
    '$ mypage bills archive search --dir invoices --from 2023-10-01 --to 2024-03-31 --export 提出用.csv',
  ]);
}

export async function archiveSearchRun(o: ArchiveSearchOptions): Promise<void> {
  const dir = dirArg(o.dir);
  const { parseSearchDate, parseYen, searchIndex } = await import('../../../archive/search.js');
  const from = o.from !== undefined ? parseSearchDate(o.from, 'from') : undefined;
  const to = o.to !== undefined ? parseSearchDate(o.to, 'to') : undefined;
  if (from === null) throw usageError(`日付の形式が正しくありません: ${o.from}（例: 2024-01-01）`, `Invalid --from: ${o.from} (e.g. 2024-01-01)`);
  if (to === null) throw usageError(`日付の形式が正しくありません: ${o.to}（例: 2024-03-31）`, `Invalid --to: ${o.to} (e.g. 2024-03-31)`);
  const min = o.min !== undefined ? parseYen(o.min) : undefined;
  const max = o.max !== undefined ? parseYen(o.max) : undefined;
  if (min === null) throw usageError(`金額の形式が正しくありません: ${o.min}（円、整数）`, `Invalid --min: ${o.min} (whole yen)`);
  if (max === null) throw usageError(`金額の形式が正しくありません: ${o.max}（円、整数）`, `Invalid --max: ${o.max} (whole yen)`);
  if (from && to && from > to) throw usageError(`--from（${from}）が --to（${to}）より後です。`, `--from (${from}) is after --to (${to}).`);
  if (min !== undefined && max !== undefined && min > max) throw usageError(`--min（${min}）が --max（${max}）より大きいです。`, `--min (${min}) is above --max (${max}).`);
  const exportEncoding = encodingArg(o.encoding);
  const { existsSync } = await import('node:fs');
  const { INDEX_FILE, readIndex } = await import('../../../archive/index-book.js');
  const { default: path } = await import('node:path');
  if (!existsSync(path.join(dir, INDEX_FILE))) throw new CliError('ARCHIVE_NOT_FOUND', `索引簿.csv がありません: ${o.dir}`, `No 索引簿.csv in ${o.dir}`, ExitCode.notFound);
  const book = await readIndex(dir).catch(indexError);
  const rows = searchIndex(book.rows, {
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
    ...(min !== undefined ? { min } : {}),
    ...(max !== undefined ? { max } : {}),
    ...(o.partner !== undefined ? { partner: o.partner } : {}),
  });
  const { reportSearch } = await import('../../../archive/report.js');
  await reportSearch(o, rows);
  if (o.export === undefined) return;
  const { ExportTargetError, exportRows } = await import('../../../archive/export.js');
  let saved;
  try {
    saved = await exportRows(o.export, dir, rows, book.rows, exportEncoding ?? 'cp932');
  } catch (err) {
    if (err instanceof ExportTargetError) throw usageError(`保存されている書類や索引簿には書き出せません: ${err.message}`, `--export would overwrite the archive's own file: ${err.message}`);
    throw err;
  }
  const { appendAudit, jstIsoSeconds } = await import('../../../archive/audit.js');
  const { sha256OfFile } = await import('../../../archive/hash.js');
  try {
    const query = { from, to, min, max, partner: o.partner };
    await appendAudit(dir, [{ time: jstIsoSeconds(o.now()), action: 'exported', file: saved.path, sha256: (await sha256OfFile(saved.path)) ?? '', by: await o.actor(), detail: { rows: saved.rows, query } }]);
  } catch {
    o.io.warn(o.t('audit.log に記録できませんでした。', 'Could not record the export in audit.log.'));
  }
  o.io.info(o.t(`${saved.rows} 件を書き出しました: ${o.export}`, `Wrote ${saved.rows} rows to ${o.export}`));
}
