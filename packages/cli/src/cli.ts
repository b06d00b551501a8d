/** The `runway` executable (bin/runway): runs a command against the process's streams. */
import { run } from './index';

run(process.argv.slice(2), {
  cwd: process.cwd(),
  stdout: process.stdout,
  stderr: process.stderr,
}).then(code => {
  process.exitCode = code;
});
