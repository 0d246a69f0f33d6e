import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { ConfigStore } from '../../config.js';
import { fakeTerminal, parseVerb, useTempDir } from '../../testing.js';
import { listRun, newListCommand, type ListOptions } from './list.js';

const dir = useTempDir();
beforeEach(() => {
  const profiles = { office: { server: 'https://mypage.example.jp', accessId: 'ab12cd', storage: 'keychain' }, default: { accessId: 'm95au6', storage: 'file' } };
  writeFileSync(path.join(dir(), 'config.json'), JSON.stringify({ currentProfile: 'office', profiles }));
});
const config = () => ConfigStore.load(dir());

describe('profiles list — parse', () => {
  it('takes no argument', async () => {
    await expect(parseVerb<ListOptions>(newListCommand, ['x'])).rejects.toThrow(/too many arguments/);
  });
});

describe('profiles list — run', () => {
  it('marks the current profile on a terminal', async () => {
    const t = fakeTerminal({ tty: true });
    await listRun({ ...t, config });
    expect(t.out()).toMatch(/\*.*office.*https:\/\/mypage\.example\.jp.*ab12cd.*keychain/);
  });

  it('prints tab-separated rows, sorted by name, when piped', async () => {
    const t = fakeTerminal();
    await listRun({ ...t, config });
    expect(t.out()).toBe('\tdefault\t\tm95au6\tfile\n*\toffice\thttps://mypage.example.jp\tab12cd\tkeychain\n');
  });

  it('prints JSON with --json', async () => {
    const t = fakeTerminal();
    t.io.json = true;
    await listRun({ ...t, config });
    expect(JSON.parse(t.out())).toContainEqual({ name: 'office', current: true, server: 'https://mypage.example.jp', accessId: 'ab12cd', storage: 'keychain' });
  });

  it('a config file that is not JSON is an error, not a crash', async () => {
    writeFileSync(path.join(dir(), 'config.json'), '{ broken');
    await expect(listRun({ ...fakeTerminal(), config })).rejects.toThrow();
  });
});
