import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { ConfigStore } from '../../config.js';
import { failure, fakeTerminal, MemoryStore, parseVerb, useTempDir } from '../../testing.js';
import { newRemoveCommand, removeRun, type RemoveOptions } from './remove.js';

const dir = useTempDir();
let store: MemoryStore;
beforeEach(async () => {
  writeFileSync(path.join(dir(), 'config.json'), JSON.stringify({ currentProfile: 'default', profiles: { default: {}, old: { accessId: 'ab12cd', storage: 'keychain' } } }));
  store = new MemoryStore();
  await store.set('old', { accessId: 'ab12cd', password: 'secret2023', session: null });
});
const deps = () => ({ config: () => ConfigStore.load(dir()), storeFor: (p: { storage?: string } | undefined) => (p?.storage === 'keychain' ? store : null) });
const profiles = () => Object.keys(JSON.parse(readFileSync(path.join(dir(), 'config.json'), 'utf8')).profiles);

describe('profiles remove — parse', () => {
  it('needs the name (alias rm)', async () => {
    const cmd = newRemoveCommand;
    expect((await parseVerb<RemoveOptions>(cmd, ['old'])).name).toBe('old');
  });
});

describe('profiles remove — run', () => {
  it('removes the profile and its stored credentials, and says so on a terminal', async () => {
    const t = fakeTerminal({ tty: true });
    await removeRun({ ...t, ...deps(), name: 'old' });
    expect(profiles()).toEqual(['default']);
    expect(store.items.has('old')).toBe(false);
    expect(t.err()).toContain('✓ Removed profile old');
  });

  it('prints JSON with --json, nothing on stdout otherwise', async () => {
    const json = fakeTerminal();
    json.io.json = true;
    await removeRun({ ...json, ...deps(), name: 'old' });
    expect(JSON.parse(json.out())).toEqual({ removed: 'old', credentialsRemoved: true });
    const piped = fakeTerminal();
    await removeRun({ ...piped, ...deps(), name: 'default' });
    expect(piped.out()).toBe('');
  });

  it('a keychain that cannot delete is a warning; the profile is still removed', async () => {
    store.delete = async () => {
      throw new Error('locked');
    };
    const t = fakeTerminal();
    await removeRun({ ...t, ...deps(), name: 'old' });
    expect(t.err()).toContain('could not remove the stored credentials (locked)');
    expect(profiles()).toEqual(['default']);
  });

  it('an unknown profile is exit 4', async () => {
    expect(await failure(removeRun({ ...fakeTerminal(), ...deps(), name: 'nope' }))).toMatchObject({ exitCode: 4 });
  });
});
