import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Command } from 'commander';
import { CliError } from '../../errors.js';
import type { Factory } from '../../factory.js';
import { examples } from '../help.js';

/*
 * `mypage server [flags]` — starts the reference server (mock-server) in this process, for trying
 * the CLI out. Its flags are the server's own (`mypage server --help-server` lists them).
 */

export interface ServerOptions {
  args: string[];
  /** where the built server's entry point is (default: next to this package) */
  findMain?: () => string | null;
}

export function newServerCommand(f: Factory, run: (o: ServerOptions) => Promise<void> = serverRun): Command {
  const cmd = new Command('server')
    .description('Start the reference server (the portal backend) — e.g. with demo data in dev mode: --dev --demo')
    .helpOption('--help-cli', 'show this help')
    .allowUnknownOption(true)
    .allowExcessArguments(true)
    .argument('[server-args...]', 'flags for the server (see `mypage server --help`)')
    .action(async (args: string[]) => run({ args }));
  return examples(cmd, ['$ mypage server --dev --demo --port 8787', '$ mypage server --help']);
}

/** The built server next to this package (packages/cli/dist → mock-server/dist/main.js). */
export function findServerMain(from = path.dirname(fileURLToPath(import.meta.url))): string | null {
  let dir = from;
  for (let i = 0; i < 6; i++) {
    const candidate = path.join(dir, 'mock-server', 'dist', 'main.js');
    if (existsSync(candidate)) return candidate;
    dir = path.dirname(dir);
  }
  return null;
}

export async function serverRun(o: ServerOptions): Promise<void> {
  const main = (o.findMain ?? findServerMain)();
  if (!main) {
    throw new CliError('SERVER_NOT_BUILT', 'リファレンスサーバーが見つかりません（npm run build を実行してください）。', 'The reference server is not built: run `npm run build` (mock-server/dist/main.js).');
  }
  const mod = (await import(pathToFileURL(main).href)) as { main: (args: string[]) => Promise<unknown> };
  await mod.main(o.args);
}
