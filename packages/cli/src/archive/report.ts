import type { IOStreams } from '../iostreams.js';
import { printJson, printList, yen } from '../output/print.js';
import type { ArchiveResult } from './archive.js';
import type { IndexRow } from './index-book.js';
import type { VerifyResult } from './verify.js';

/* Output of the archive verbs: a table on a terminal, TSV when piped, `--json` (one place, print.ts). */

export interface Out {
  io: IOStreams;
  t: (ja: string, en: string) => string;
}

export async function reportArchive(o: Out, r: ArchiveResult): Promise<void> {
  if (o.io.json) return printJson(o.io, r);
  const table = o.io.isTableOutput();
  type Line = { action: string; row: IndexRow };
  const lines: Line[] = [
    ...r.downloaded.map((row) => ({ action: o.t('追加', 'added'), row })),
    ...r.corrected.map((row) => ({ action: o.t('訂正', 'corrected'), row })),
    ...r.skipped.map((row) => ({ action: o.t('変更なし', 'unchanged'), row })),
  ].sort((a, b) => a.row.seq - b.row.seq);
  await printList(o.io, lines, [
    { header: o.t('処理', 'Action'), get: (l) => l.action },
    { header: '連番', get: (l) => l.row.seq, align: 'right' },
    { header: o.t('取引年月日', 'Date'), get: (l) => l.row.date },
    { header: o.t('取引金額', 'Amount'), get: (l) => (l.row.amount === null ? '' : table ? yen(l.row.amount) : l.row.amount), align: 'right' },
    { header: o.t('ファイル名', 'File'), get: (l) => l.row.file },
    { header: o.t('訂正元連番', 'Corrects'), get: (l) => l.row.corrects ?? '' },
  ]);
  o.io.info(
    o.t(
      `bills archive: 追加 ${r.downloaded.length}・訂正 ${r.corrected.length}・変更なし ${r.skipped.length}（${r.dir}）`,
      `bills archive: ${r.downloaded.length} added, ${r.corrected.length} corrected, ${r.skipped.length} unchanged (${r.dir})`,
    ),
  );
}

export async function reportVerify(o: Out, v: VerifyResult): Promise<void> {
  if (o.io.json) return printJson(o.io, v);
  type Finding = { problem: string; seq: number | null; file: string };
  const findings: Finding[] = [
    ...v.missing.map((m) => ({ problem: o.t('ファイルがない', 'missing'), seq: m.seq, file: m.file })),
    ...v.changed.map((c) => ({ problem: o.t('内容が変わった', 'changed'), seq: c.seq, file: c.file })),
    ...v.unlisted.map((u) => ({ problem: o.t('索引簿にない', 'unlisted'), seq: null, file: u })),
  ];
  if (findings.length > 0) {
    await printList(o.io, findings, [
      { header: o.t('問題', 'Problem'), get: (f) => f.problem },
      { header: '連番', get: (f) => f.seq ?? '', align: 'right' },
      { header: o.t('ファイル名', 'File'), get: (f) => f.file },
    ]);
  }
  o.io.info(
    v.ok
      ? o.t(`索引簿の ${v.checked} 件すべてのハッシュが一致しました（${v.dir}）`, `All ${v.checked} documents of the index match their SHA-256 (${v.dir})`)
      : o.t(
          `ファイルがない ${v.missing.length}・内容が変わった ${v.changed.length}・索引簿にない ${v.unlisted.length}（${v.checked} 件を検査、${v.dir}）`,
          `${v.missing.length} missing, ${v.changed.length} changed, ${v.unlisted.length} unlisted (${v.checked} checked, ${v.dir})`,
        ),
  );
}

export async function reportSearch(o: Out, rows: readonly IndexRow[]): Promise<void> {
  const table = o.io.isTableOutput();
  await printList(o.io, rows, [
    { header: '連番', get: (r) => r.seq, align: 'right' },
    { header: '取引年月日', get: (r) => r.date },
    { header: '取引金額', get: (r) => (r.amount === null ? '' : table ? yen(r.amount) : r.amount), align: 'right' },
    { header: '取引先', get: (r) => r.partner },
    { header: '登録番号', get: (r) => r.registration },
    { header: '書類の種類', get: (r) => r.kind },
    { header: '請求年月', get: (r) => r.month },
    { header: 'お客様番号', get: (r) => r.customer },
    { header: 'ファイル名', get: (r) => r.file },
    { header: '訂正元連番', get: (r) => r.corrects ?? '' },
  ], rows, { empty: o.t('該当する書類はありません。', 'No documents match.') });
}
