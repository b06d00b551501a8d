import path from 'node:path';
import { spawn } from 'node:child_process';
import { run } from './index';
import { recordingIo } from './__testUtils__/io';

describe('runway', () => {
  it.each([['--help'], ['-h'], ['help']])(
    '%s prints the usage and exits 0',
    async flag => {
      const io = recordingIo(__dirname);
      expect(await run([flag], io)).toBe(0);
      expect(io.out()).toContain('policy check <paths…>');
      expect(io.out()).toContain('catalog check [dir]');
    },
  );

  it.each([
    ['policy', 'check', '--help'],
    ['catalog', 'check', '-h'],
  ])('%s %s %s prints the command usage and exits 0', async (...argv) => {
    const io = recordingIo(__dirname);
    expect(await run(argv, io)).toBe(0);
    expect(io.out()).toContain(`Usage: runway ${argv[0]} check`);
    expect(io.out()).toContain('--format <format>');
  });

  it.each([[[]], [['deploy']], [['policy', 'lint']], [['catalog']]])(
    'exits 2 with the usage on %j',
    async argv => {
      const io = recordingIo(__dirname);
      expect(await run(argv, io)).toBe(2);
      expect(io.err()).toContain('Usage: runway <command>');
    },
  );

  it('`yarn runway --help` runs the sources from a subfolder without a build', async () => {
    const env = { ...process.env };
    delete env.NODE_OPTIONS; // Jest's own; the child runs as a user would.
    const child = spawn('yarn', ['runway', '--help'], {
      cwd: __dirname,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', chunk => (output += chunk));
    child.stderr.on('data', chunk => (output += chunk));
    const code = await new Promise(resolve => child.once('close', resolve));
    expect({ code, output }).toEqual({
      code: 0,
      output: expect.stringContaining('Usage: runway <command>'),
    });
    expect(path.basename(__dirname)).toBe('src');
  }, 60_000);
});
