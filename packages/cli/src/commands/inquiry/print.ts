import { printJson } from '../../output/print.js';
import type { Inquiry } from '@mypage/api';
import type { Terminal } from '../../cmdutil.js';

export function printInquiry(f: Terminal, inq: Inquiry): void {
  if (f.io.json) return printJson(f.io, inq);
  f.io.info(f.t(`✓ お問い合わせを送信しました（${inq.id}：${inq.categoryLabel}／${inq.subject}）。受付メールが届きます。`, `✓ Inquiry sent (${inq.id}: ${inq.categoryLabel} / ${inq.subject}); a receipt mail follows.`));
  if (!f.io.isStdoutTTY) f.io.out(inq.id);
}
