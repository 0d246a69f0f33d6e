import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PDF_BYTES } from '@mypage/sdk/testing';
import { downloadTarget, saveDownload } from './download.js';
import { failure, fakeTerminal, testClient, useMsw, useTempDir } from './testing.js';

useMsw();
const dir = useTempDir();

describe('downloads never replace a file without --clobber', () => {
  it('a file that appears while the download runs is kept: FILE_EXISTS (exit 2), no temp file left', async () => {
    const target = await downloadTarget(path.join(dir(), 'invoice-2023-10.pdf'), 'invoice-2023-10.pdf', false);
    const download = await (await testClient()()).bills.invoice('2023-10');
    writeFileSync(target, 'written meanwhile');
    const f = await failure(saveDownload(fakeTerminal(), download, target, false));
    expect(f).toMatchObject({ code: 'FILE_EXISTS', exitCode: 2 });
    expect(readFileSync(target, 'utf8')).toBe('written meanwhile');
    const { readdirSync } = await import('node:fs');
    expect(readdirSync(dir())).toEqual(['invoice-2023-10.pdf']);
  });

  it('with clobber the file is replaced', async () => {
    const file = path.join(dir(), 'a.pdf');
    writeFileSync(file, 'old');
    const target = await downloadTarget(file, 'x.pdf', true);
    await saveDownload(fakeTerminal(), await (await testClient()()).bills.invoice('2023-10'), target, true);
    expect(readFileSync(file)).toEqual(Buffer.from(PDF_BYTES));
  });
});
