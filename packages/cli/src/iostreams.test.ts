import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IOStreams } from './iostreams.js';

/** A terminal-like stderr that counts what ora draws on it. */
function ttyIO() {
  const stderr = new PassThrough() as PassThrough & { isTTY: boolean; columns: number; cursorTo(): boolean; clearLine(): boolean; moveCursor(): boolean };
  stderr.isTTY = true;
  stderr.columns = 80;
  stderr.cursorTo = () => true;
  stderr.clearLine = () => true;
  stderr.moveCursor = () => true;
  let writes = 0;
  let text = '';
  stderr.on('data', (c: Buffer) => {
    writes++;
    text += c.toString('utf8');
  });
  const io = new IOStreams({ stdin: new PassThrough(), stdout: new PassThrough(), stderr, stdinTTY: true, stdoutTTY: true, stderrTTY: true, env: {} });
  return { io, writes: () => writes, text: () => text };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('IOStreams.spin', () => {
  let savedCI: string | undefined;
  beforeEach(() => {
    // ora draws nothing when CI is set; this test is about a terminal
    savedCI = process.env.CI;
    delete process.env.CI;
  });
  afterEach(() => {
    if (savedCI !== undefined) process.env.CI = savedCI;
  });

  it('a nested spin (a login inside "Fetching contracts…") relabels the spinner and every spinner stops afterwards (no hang)', async () => {
    const { io, writes, text } = ttyIO();
    const value = await io.spin('Fetching contracts…', () => io.spin('Logging in…', async () => {
      await sleep(250);
      return 42;
    }));
    expect(value).toBe(42);
    expect(text()).toContain('Logging in…');
    const after = writes();
    await sleep(300);
    // a spinner left running would keep drawing frames (and keep the process alive)
    expect(writes()).toBe(after);
  });

  it('stops its spinner when fn throws', async () => {
    const { io, writes } = ttyIO();
    await expect(io.spin('Working…', async () => {
      await sleep(150);
      throw new Error('boom');
    })).rejects.toThrow('boom');
    const after = writes();
    await sleep(300);
    expect(writes()).toBe(after);
  });
});
