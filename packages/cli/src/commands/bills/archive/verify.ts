import { Command } from 'commander';
import type { Factory } from '../../../factory.js';
import { CliError, ExitCode } from '../../../errors.js';
import { examples } from '../../help.js';
import { actorFrom } from './actor.js';
import { dirArg, indexError, type ActorFactory, type Terminal, type Clock } from './options.js';

/*
 * `mypage bills archive verify --dir DIR` — recompute every SHA-256 of 索引簿.csv and list files
 * that are missing, changed or not in the index; exit code 8 when there is any (D-10, D-11).
 * The check itself is recorded in audit.log.
 */

export interface ArchiveVerifyOptions extends Terminal {
  now: Clock;
  actor: ActorFactory;
  dir: string;
}

export function newArchiveVerifyCommand(f: Factory, runF: (o: ArchiveVerifyOptions) => Promise<void> = archiveVerifyRun): Command {
  const cmd = new Command('verify')
    .description('Check every archived file against its SHA-256 in 索引簿.csv; exit 8 when a file is missing, changed or unlisted')
    .option('--dir <dir>', 'archive folder')
    // `--dir` after `verify` is parsed by `archive` (it has one too): read both (optsWithGlobals)
    .action(async (_o: unknown, self: Command) => {
      const o = self.optsWithGlobals<{ dir?: string }>();
      return runF({ ...f.terminal(), now: f.now, actor: () => actorFrom(f), dir: o.dir ?? '' });
    });
  return examples(cmd, ['$ mypage bills archive verify --dir invoices', '$ mypage bills archive verify --dir invoices --json | jq .changed']);
}

export async function archiveVerifyRun(o: ArchiveVerifyOptions): Promise<void> {
  const dir = dirArg(o.dir);
  const { existsSync } = await import('node:fs');
  if (!existsSync(dir)) throw new CliError('ARCHIVE_NOT_FOUND', `フォルダがありません: ${o.dir}`, `No such folder: ${o.dir}`, ExitCode.notFound);
  const { verifyArchive } = await import('../../../archive/verify.js');
  const { appendAudit, jstIsoSeconds } = await import('../../../archive/audit.js');
  const { reportVerify } = await import('../../../archive/report.js');
  const v = await verifyArchive(dir).catch(indexError);
  try {
    await appendAudit(dir, [
      { time: jstIsoSeconds(o.now()), action: 'verified', by: await o.actor(), detail: { ok: v.ok, checked: v.checked, missing: v.missing.map((m) => m.file), changed: v.changed.map((c) => c.file), unlisted: v.unlisted } },
    ]);
  } catch {
    o.io.warn(o.t('audit.log に記録できませんでした（フォルダが読み取り専用かもしれません）。', 'Could not record the check in audit.log (is the folder read-only?).'));
  }
  await reportVerify(o, { ...v, dir: o.dir });
  if (!v.ok) {
    throw new CliError(
      'ARCHIVE_VERIFY_FAILED',
      `保存された書類に問題があります: ファイルがない ${v.missing.length} 件・内容が変わった ${v.changed.length} 件・索引簿にない ${v.unlisted.length} 件`,
      `The archive has problems: ${v.missing.length} missing, ${v.changed.length} changed, ${v.unlisted.length} unlisted`,
      ExitCode.archiveFindings,
    );
  }
}
