import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { failure, parseVerb, useTempDir } from '../../testing.js';
import { newServerCommand, serverRun, type ServerOptions } from './server.js';

const dir = useTempDir();

describe('server — parse', () => {
  it('hands every argument, the server\'s own flags included, to the server', async () => {
    expect((await parseVerb<ServerOptions>(newServerCommand, ['--dev', '--demo', '--port', '0'])).args).toEqual(['--dev', '--demo', '--port', '0']);
    expect((await parseVerb<ServerOptions>(newServerCommand, ['--help'])).args).toEqual(['--help']);
  });
});

describe('server — run', () => {
  it('loads the built server and calls its main with the arguments', async () => {
    const main = path.join(dir(), 'main.js');
    writeFileSync(main, 'export async function main(args) { globalThis.__serverArgs = args; }\n');
    await serverRun({ args: ['--dev', '--port', '0'], findMain: () => main });
    expect((globalThis as { __serverArgs?: string[] }).__serverArgs).toEqual(['--dev', '--port', '0']);
  });

  it('an unbuilt server is a clear error (exit 1) naming npm run build', async () => {
    const f = await failure(serverRun({ args: [], findMain: () => null }));
    expect(f).toMatchObject({ code: 'SERVER_NOT_BUILT', exitCode: 1 });
    expect((f.error as { messageEn?: string }).messageEn).toContain('npm run build');
  });
});
