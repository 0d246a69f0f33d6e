import { Option } from 'commander';
import type { Role } from '@mypage/api';
import { printJson } from '../../output/print.js';
import type { User } from '@mypage/api';
import type { Terminal } from '../../cmdutil.js';

export const roleLabel = (f: Terminal, r: Role) => (r === 'admin' ? f.t('管理者', 'admin') : f.t('一般', 'general'));

export function printUser(f: Terminal, u: User, verbJa: string, verbEn: string): void {
  if (f.io.json) return printJson(f.io, u);
  f.io.info(f.t(`✓ ユーザを${verbJa}しました: ${u.name} <${u.email}>（${u.id}、${roleLabel(f, u.role)}）`, `✓ User ${verbEn}: ${u.name} <${u.email}> (${u.id}, ${u.role})`));
  if (!f.io.isStdoutTTY) f.io.out(u.id);
}

export const roleOption = () => new Option('--role <role>', 'general (一般) or admin (管理者)').choices(['general', 'admin']);
