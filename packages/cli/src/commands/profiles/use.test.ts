import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { ConfigStore } from '../../config.js';
import { failure, fakeTerminal, parseVerb, useTempDir } from '../../testing.js';
import { newUseCommand, useRun, type UseOptions } from './use.js';

const dir = useTempDir();
beforeEach(() => writeFileSync(path.join(dir(), 'config.json'), JSON.stringify({ currentProfile: 'default', profiles: { default: {}, office: {} } })));
const config = () => ConfigStore.load(dir());
const current = () => JSON.parse(readFileSync(path.join(dir(), 'config.json'), 'utf8')).currentProfile;

describe('profiles use — parse', () => {
  it('needs the name', async () => {
    expect((await parseVerb<UseOptions>(newUseCommand, ['office'])).name).toBe('office');
    await expect(parseVerb<UseOptions>(newUseCommand, [])).rejects.toThrow(/missing required argument/);
  });
});

describe('profiles use — run', () => {
  it('makes the profile current and says so on a terminal', async () => {
    const t = fakeTerminal({ tty: true });
    await useRun({ ...t, config, name: 'office' });
    expect(current()).toBe('office');
    expect(t.err()).toContain('✓ Current profile: office');
  });

  it('prints JSON with --json (and nothing on stdout otherwise)', async () => {
    const piped = fakeTerminal();
    await useRun({ ...piped, config, name: 'office' });
    expect(piped.out()).toBe('');
    const json = fakeTerminal();
    json.io.json = true;
    await useRun({ ...json, config, name: 'default' });
    expect(JSON.parse(json.out())).toEqual({ currentProfile: 'default' });
  });

  it('an unknown profile is exit 4; an invalid name exit 2', async () => {
    expect(await failure(useRun({ ...fakeTerminal(), config, name: 'home' }))).toMatchObject({ code: 'PROFILE_NOT_FOUND', exitCode: 4 });
    expect(await failure(useRun({ ...fakeTerminal(), config, name: '../x' }))).toMatchObject({ exitCode: 2 });
    expect(current()).toBe('default');
  });
});
