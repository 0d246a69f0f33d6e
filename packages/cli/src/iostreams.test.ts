import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IOStreams } from './iostreams.js';

/** A terminal-like stderr that counts what ora draws on it. */
function ttyIO(...width: [number | undefined] | []) {
  const columns = width.length === 0 ? 80 : width[0];
  const stderr = new PassThrough() as PassThrough & { isTTY: boolean; columns: number | undefined; cursorTo(): boolean; clearLine(): boolean; moveCursor(): boolean };
  stderr.isTTY = true;
  stderr.columns = columns;
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
  return { io, writes: () => writes, text: () => text, bytes: () => Buffer.byteLength(text) };
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

  it.each([0, undefined])('a terminal reporting %s columns gets no spinner (ora wrote megabytes of escapes into it)', async (columns) => {
    const { io, bytes } = ttyIO(columns);
    expect(await io.spin('Fetching call records…', async () => {
      await sleep(300);
      return 'done';
    })).toBe('done');
    expect(bytes()).toBe(0);
    expect(io.terminalWidth()).toBeUndefined();
  });

  it('the terminal width is what stdout reports, and nothing off a terminal', () => {
    const tty = new IOStreams({ stdin: new PassThrough(), stdout: Object.assign(new PassThrough(), { columns: 80 }), stderr: new PassThrough(), stdinTTY: true, stdoutTTY: true, stderrTTY: true, env: {} });
    expect(tty.terminalWidth()).toBe(80);
    const pipe = new IOStreams({ stdin: new PassThrough(), stdout: Object.assign(new PassThrough(), { columns: 80 }), stderr: new PassThrough(), stdinTTY: false, stdoutTTY: false, stderrTTY: false, env: {} });
    expect(pipe.terminalWidth()).toBeUndefined();
  });
});
