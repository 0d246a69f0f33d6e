import { describe, expect, it } from 'vitest';
import { failure, fakeTerminal, parseVerb, testClient, useMsw } from '../../testing.js';
import { listRun, newListCommand, type ListOptions } from './list.js';

useMsw();

describe('notices list — parse', () => {
  it('needs the contract number', async () => {
    expect((await parseVerb<ListOptions>(newListCommand, ['CAF0000000001'])).contractNumber).toBe('CAF0000000001');
    await expect(parseVerb<ListOptions>(newListCommand, [])).rejects.toThrow(/missing required argument/);
  });
});

describe('notices list — run (R-NOTICE-1)', () => {
  it('prints a table on a terminal', async () => {
    const t = fakeTerminal({ tty: true });
    await listRun({ ...t, client: testClient(), contractNumber: 'CAF0000000001' });
    expect(t.out()).toMatch(/2023-12-01.*2023年12月01日分/);
  });

  it('prints tab-separated rows when piped', async () => {
    const t = fakeTerminal();
    await listRun({ ...t, client: testClient(), contractNumber: 'CAF0000000001' });
    expect(t.out()).toBe('2023-12-01\t2023年12月01日分\topening-notice-CAF0000000001-2023-12-01.pdf\n');
  });

  it('prints JSON with --json', async () => {
    const t = fakeTerminal();
    t.io.json = true;
    await listRun({ ...t, client: testClient(), contractNumber: 'CAF0000000001' });
    expect(JSON.parse(t.out())[0].date).toBe('2023-12-01');
  });

  it('a contract of another billing group is not found (exit 4)', async () => {
    const t = fakeTerminal();
    expect(await failure(listRun({ ...t, client: testClient(), contractNumber: 'CAF0000000009' }))).toMatchObject({ code: 'CONTRACT_NOT_FOUND', exitCode: 4 });
  });
});
