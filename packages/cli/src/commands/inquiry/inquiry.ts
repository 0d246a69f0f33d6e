import { Command } from 'commander';
import type { Factory } from '../../factory.js';
import { examples } from '../help.js';
import { newListCommand } from './list.js';
import { newRequestCallRecordsCommand } from './request-call-records.js';
import { newSendCommand } from './send.js';
import { newStopPaperMailCommand } from './stop-paper-mail.js';

/* `mypage inquiry send|list|request-call-records|stop-paper-mail` — お問い合わせ (R-INQ-1..3). */

export function newInquiryCommand(f: Factory): Command {
  const cmd = new Command('inquiry').alias('inquiries').description('Inquiries to the provider (お問い合わせ); a receipt mail follows');
  cmd.addCommand(newSendCommand(f));
  cmd.addCommand(newListCommand(f));
  cmd.addCommand(newRequestCallRecordsCommand(f));
  cmd.addCommand(newStopPaperMailCommand(f));
  return examples(cmd, [
    '$ mypage inquiry send --category other --subject "住所変更について" --body "…"',
    '$ mypage inquiry request-call-records --customer-name "日本 太郎" --contact-name "日本 花子"',
    '$ mypage inquiry stop-paper-mail direct-debit',
    '$ mypage inquiry list',
  ]);
}
