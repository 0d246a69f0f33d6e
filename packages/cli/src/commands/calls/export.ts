import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { Command, Option } from 'commander';
import type { CsvEncoding } from '@mypage/api';
import { downloadTarget, isSpecialFile, placeWithoutClobber } from '../../download.js';
import { usageError } from '../../errors.js';
import type { Factory } from '../../factory.js';
import { monthArg } from '../../input.js';
import { reportSaved } from '../../output/files.js';
import { skippableCode } from '../../sync/report.js';
import { examples } from '../help.js';
import type { ClientFactory, Terminal } from '../../cmdutil.js';

/*
 * `mypage calls export --from --to` — every month's call records into one CSV (D-5): one header
 * row, a BOM only at the start (utf8-bom), Shift_JIS when asked; streamed month by month, never
 * held in memory; written to a temp file and renamed, so a failure leaves no half file.
 * The server writes the rows: an export of more than one contract asks it for the 契約番号
 * column (after the six of D-5), `--excel` for numbers Excel keeps as text.
 */

export interface ExportOptions extends Terminal {
  client: ClientFactory;
  from: string;
  to: string;
  contract?: string;
  phone?: string;
  encoding: CsvEncoding;
  output?: string;
  /** replace an existing file (else FILE_EXISTS, exit 2, before anything is fetched) */
  clobber: boolean;
  /** 契約番号 as a 7th column; default: when not narrowed to one contract by `contract` */
  contractColumn: boolean;
  /** digit-only numbers as `="0611115555"` so Excel keeps the leading 0 */
  excel: boolean;
}

export function newExportCommand(f: Factory, run: (o: ExportOptions) => Promise<void> = exportRun): Command {
  const cmd = new Command('export')
    .description('Export the call records of a range of months into one CSV file (日時,利用種類,通話元,通話先,通話時間,料金)')
    .requiredOption('--from <month>', 'first month, e.g. 2023-01')
    .option('--to <month>', 'last month (default: --from)')
    .option('--contract <number>', 'only this contract')
    .option('--phone <number>', 'only calls from this number')
    .addOption(new Option('--encoding <encoding>', 'utf8, utf8-bom (Excel) or sjis (Shift_JIS/CP932)').choices(['utf8', 'utf8-bom', 'sjis']).default('utf8'))
    .option('-o, --output <path>', 'file or existing folder to write to (default calls-<from>[_<to>].csv; `-` for stdout)')
    .option('--clobber', 'overwrite an existing file', false)
    .option('--contract-column', 'add a 契約番号 column after the six (default unless --contract names one contract)')
    .option('--no-contract-column', 'only the six columns of the portal\'s CSV')
    .option('--excel', 'write phone numbers as ="0611115555" so that Excel keeps their leading 0 (a formula to other programs)', false)
    .action(async (o: { from: string; to?: string; contract?: string; phone?: string; encoding: CsvEncoding; output?: string; clobber: boolean; contractColumn?: boolean; excel: boolean }) =>
      run({
        ...f.terminal(),
        client: f.clientFactory(),
        from: o.from,
        to: o.to ?? o.from,
        encoding: o.encoding,
        contractColumn: o.contractColumn ?? !o.contract,
        excel: o.excel,
        clobber: o.clobber,
        ...(o.contract ? { contract: o.contract } : {}),
        ...(o.phone ? { phone: o.phone } : {}),
        ...(o.output ? { output: o.output } : {}),
      }),
    );
  return examples(cmd, [
    '$ mypage calls export --from 2023-12 -o calls-2023-12.csv',
    '$ mypage calls export --from 2023-01 --to 2023-12 --encoding sjis -o calls-2023.csv',
    '$ mypage calls export --from 2024-01 --to 2024-03 --contract CAF0000000001 --phone 0611115555 -o - | head',
    '$ mypage calls export --from 2024-01 --to 2024-03 --encoding sjis --excel -o calls-excel.csv   # opened in Excel',
  ]);
}

async function headerOnly(encoding: CsvEncoding, contractColumn: boolean): Promise<Buffer> {
  const { callRecordCsvHeader } = await import('@mypage/api');
  const line = callRecordCsvHeader({ contractColumn }).join(',') + '\r\n';
  if (encoding === 'sjis') {
    const { default: iconv } = await import('iconv-lite');
    return iconv.encode(line, 'CP932');
  }
  return Buffer.concat([encoding === 'utf8-bom' ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.alloc(0), Buffer.from(line, 'utf8')]);
}

/**
 * The header row the server sent, checked against the one asked for: a server older than the
 * 契約番号 column ignores the flag, and the file would silently lack the column.
 */
async function checkHeader(line: Buffer | null, encoding: CsvEncoding, contractColumn: boolean): Promise<void> {
  if (line === null) return;
  const { callRecordCsvHeader } = await import('@mypage/api');
  let text: string;
  if (encoding === 'sjis') {
    const { default: iconv } = await import('iconv-lite');
    text = iconv.decode(line, 'CP932');
  } else text = line.toString('utf8').replace(/^\uFEFF/, '');
  const expected = callRecordCsvHeader({ contractColumn }).join(',');
  if (text.replace(/\r$/, '') !== expected) {
    const { CliError } = await import('../../errors.js');
    throw new CliError(
      'CSV_FORMAT_UNSUPPORTED',
      `サーバーの CSV の見出し行が想定と異なります（${expected} を想定）。契約番号の列に対応していない古いサーバーかもしれません。`,
      `The server's CSV header is not the expected one (${expected}); it may be an older server without the 契約番号 column.`,
      undefined,
      contractColumn ? 'Try --no-contract-column.' : undefined,
    );
  }
}

export async function exportRun(o: ExportOptions): Promise<void> {
  const from = await monthArg(o.from, '--from');
  const to = await monthArg(o.to, '--to');
  if (from > to) throw usageError(`--from (${from}) は --to (${to}) 以前にしてください。`, `--from (${from}) must not be after --to (${to}).`);
  const { monthRange } = await import('@mypage/api');
  const { copyInto, HeaderDropper } = await import('../../csv/concat.js');
  const months = monthRange(from, to);
  const target = await downloadTarget(o.output, from === to ? `calls-${from}.csv` : `calls-${from}_${to}.csv`, o.clobber);
  const toStdout = target === '-';
  const client = await o.client();

  // a device or named pipe (/dev/null, a FIFO) is written into; a rename would replace it
  const direct = !toStdout && (await isSpecialFile(target));
  const tmp = toStdout || direct ? null : `${path.resolve(target)}.${process.pid}.tmp`;
  const sink: Writable = toStdout ? o.io.stdout : tmp ? createWriteStream(tmp) : createWriteStream(path.resolve(target), { flags: 'a' });
  let sinkError: Error | null = null;
  if (!toStdout) sink.on('error', (e: Error) => (sinkError = e));
  const failIfSinkFailed = () => {
    if (sinkError) throw sinkError;
  };
  let bytes = 0;
  const included: string[] = [];
  const skipped: { month: string; code: string }[] = [];
  let records = 0;
  try {
    // fail before any download when the file cannot be created
    if (!toStdout) await once(sink, 'open');
    await o.io.spin(o.t('通話明細をエクスポート中…', 'Exporting call records…'), async () => {
      for (const month of months) {
        let download;
        try {
          download = await client.calls.csv(month, {
            encoding: o.encoding,
            ...(o.contract ? { contract: o.contract } : {}),
            ...(o.phone ? { phone: o.phone } : {}),
            ...(o.contractColumn ? { contractColumn: true } : {}),
            ...(o.excel ? { excel: true } : {}),
          });
        } catch (err) {
          const code = skippableCode(err);
          if (!code) throw err;
          skipped.push({ month, code });
          continue;
        }
        // the first month keeps its BOM and header; the others lose both
        const first = included.length === 0;
        const dropper = new HeaderDropper(!first);
        await copyInto(download.toNodeStream(), sink, dropper);
        if (first) await checkHeader(dropper.firstLine, o.encoding, o.contractColumn);
        bytes += dropper.bytes;
        records += first ? Math.max(0, dropper.lines - 1) : dropper.lines;
        included.push(month);
        failIfSinkFailed();
      }
      if (included.length === 0) {
        const header = await headerOnly(o.encoding, o.contractColumn);
        bytes += header.length;
        sink.write(header);
      }
    });
    if (!toStdout) {
      failIfSinkFailed();
      await new Promise<void>((resolve, reject) => {
        sink.once('error', reject);
        // the last write's failure (a full disk) comes to this callback before any 'error' event
        sink.end((err?: Error | null) => (err ? reject(err) : resolve()));
      });
      failIfSinkFailed();
      if (tmp && o.clobber) await rename(tmp, path.resolve(target));
      else if (tmp) {
        await placeWithoutClobber(tmp, target);
        await rm(tmp, { force: true });
      }
    }
  } catch (err) {
    if (!toStdout) {
      sink.destroy();
      if (tmp) await rm(tmp, { force: true });
    }
    throw err;
  }
  if (skipped.length > 0 && !o.io.json) {
    o.io.info(o.t(`スキップした月: ${skipped.map((s) => `${s.month} (${s.code})`).join(', ')}`, `Skipped months: ${skipped.map((s) => `${s.month} (${s.code})`).join(', ')}`));
  }
  if (!toStdout) reportSaved(o.io, o.lang, { path: target, bytes, contentType: 'text/csv', encoding: o.encoding, from, to, months: included, skipped, records });
}
