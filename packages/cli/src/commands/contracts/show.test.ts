import { describe, expect, it } from 'vitest';
import { failure, fakeTerminal, parseVerb, testClient, useMsw } from '../../testing.js';
import { newShowCommand, showRun, type ShowOptions } from './show.js';

useMsw();

describe('contracts show — parse', () => {
  it('needs the contract number', async () => {
    expect((await parseVerb<ShowOptions>(newShowCommand, ['2NCAF0000000001'])).contractNumber).toBe('2NCAF0000000001');
    await expect(parseVerb<ShowOptions>(newShowCommand, [])).rejects.toThrow(/missing required argument/);
  });
});

describe('contracts show — run (R-CON-3)', () => {
  it('on a terminal shows the fields, the postal code with its hyphen, and where to go next', async () => {
    const t = fakeTerminal({ tty: true });
    await showRun({ ...t, client: testClient(), contractNumber: 'CAF0000000001' });
    expect(t.out()).toMatch(/Installation address.*〒534-0024 大阪府大阪市都島区東野田町 1-1/);
    expect(t.out()).toMatch(/Hikari phone 1.*0611112222 \(ひかり電話\)/);
    expect(t.err() + t.out()).toContain('mypage notices download CAF0000000001 <date>');
  });

  it('prints name/value pairs, tab-separated, when piped', async () => {
    const t = fakeTerminal();
    await showRun({ ...t, client: testClient(), contractNumber: 'CAF0000000001' });
    expect(t.out()).toContain('Contract number\tCAF0000000001\n');
    expect(t.out()).toContain('Opening notices\t2023-12-01, 2023-07-01\n');
  });

  it('prints the contract as JSON with --json', async () => {
    const t = fakeTerminal();
    t.io.json = true;
    await showRun({ ...t, client: testClient(), contractNumber: 'CAF0000000001' });
    expect(JSON.parse(t.out())).toMatchObject({ contractNumber: 'CAF0000000001', accessLine: { accessKey: 'BUEdeJWm' } });
  });

  it('a contract of another billing group is exit 4', async () => {
    expect(await failure(showRun({ ...fakeTerminal(), client: testClient(), contractNumber: 'CAF0000000009' }))).toMatchObject({ exitCode: 4 });
  });
});
