import type { Command } from 'commander';
import type { Factory } from '../factory.js';

/*
 * The top-level commands of `mypage`, each loaded only when the command line names it (import()
 * per noun; tsup puts each in its own chunk): `mypage contracts list` loads the contracts noun and
 * its verbs, never bills, calls or the archive code. `mypage --help` loads none of them: the root
 * help lists them from the name, usage term and description kept here.
 *
 * A new verb is registered in its noun file as before (`cmd.addCommand(newXCommand(f))`); only a
 * new top-level command needs an entry here. program.test.ts checks that every entry's name, alias,
 * usage term and description are the ones its command declares (the root help is the same with
 * and without loading them).
 */

export interface NounEntry {
  name: string;
  aliases?: string[];
  /** the root help's left column: `name[|alias] [options] <args>` as commander prints it */
  term: string;
  description: string;
  load(): Promise<(f: Factory) => Command>;
}

export const NOUNS: readonly NounEntry[] = [
  {
    name: 'register',
    term: 'register [options]',
    description: 'Start registration: email, contract number, postal code, customer name, agreement to the terms; a mail brings the URL, access ID and temporary password',
    load: async () => (await import('./register/register.js')).newRegisterCommand,
  },
  {
    name: 'login',
    term: 'login [options]',
    description: 'Log in: access ID + password, then the one-time password mailed to you',
    load: async () => (await import('./auth/login.js')).newLoginCommand,
  },
  {
    name: 'logout',
    term: 'logout [options]',
    description: 'End the session and forget the stored credentials of the profile',
    load: async () => (await import('./auth/logout.js')).newLogoutCommand,
  },
  {
    name: 'whoami',
    term: 'whoami',
    description: 'Show the profile, where its credentials are stored, and how long the session has left',
    load: async () => (await import('./auth/whoami.js')).newWhoamiCommand,
  },
  {
    name: 'password',
    term: 'password [options]',
    description: 'Change your password (asks for the current one); forgot it? `mypage recover password`',
    load: async () => (await import('./auth/password.js')).newPasswordCommand,
  },
  {
    name: 'recover',
    term: 'recover',
    description: 'Forgot your access ID, password or registered email',
    load: async () => (await import('./recover/recover.js')).newRecoverCommand,
  },
  {
    name: 'news',
    term: 'news',
    description: 'Notices from the provider (お知らせ)',
    load: async () => (await import('./news/news.js')).newNewsCommand,
  },
  {
    name: 'contracts',
    term: 'contracts',
    description: 'Contracts of your billing group (ご契約内容)',
    load: async () => (await import('./contracts/contracts.js')).newContractsCommand,
  },
  {
    name: 'notices',
    term: 'notices',
    description: 'Opening notices (開通案内) of a contract, as PDF',
    load: async () => (await import('./notices/notices.js')).newNoticesCommand,
  },
  {
    name: 'bills',
    term: 'bills',
    description: 'Bills (ご請求): months, breakdowns, invoice PDFs',
    load: async () => (await import('./bills/bills.js')).newBillsCommand,
  },
  {
    name: 'calls',
    term: 'calls',
    description: 'Call records (通話明細): list a month, export CSV, sync monthly files',
    load: async () => (await import('./calls/calls.js')).newCallsCommand,
  },
  {
    name: 'inquiry',
    aliases: ['inquiries'],
    term: 'inquiry|inquiries',
    description: 'Inquiries to the provider (お問い合わせ); a receipt mail follows',
    load: async () => (await import('./inquiry/inquiry.js')).newInquiryCommand,
  },
  {
    name: 'users',
    term: 'users',
    description: 'User management (ユーザ管理) — admins only',
    load: async () => (await import('./users/users.js')).newUsersCommand,
  },
  {
    name: 'profiles',
    term: 'profiles',
    description: 'Named logins (one per billing group), each with its own server and credentials',
    load: async () => (await import('./profiles/profiles.js')).newProfilesCommand,
  },
  {
    name: 'server',
    term: 'server [server-args...]',
    description: 'Start the reference server (the portal backend) — e.g. with demo data in dev mode: --dev --demo',
    load: async () => (await import('./server/server.js')).newServerCommand,
  },
  {
    name: 'dev',
    term: 'dev',
    description: 'Helpers for a dev-mode reference server',
    load: async () => (await import('./dev/dev.js')).newDevCommand,
  },
  {
    name: 'completion',
    term: 'completion <shell>',
    description: 'Print a shell completion script for bash, zsh or fish (nouns, verbs and flags)',
    load: async () => (await import('./completion/completion.js')).newCompletionCommand,
  },
];
