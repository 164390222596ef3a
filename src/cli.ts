import 'reflect-metadata';
import { runCli } from './cli/commands';

runCli(process.argv).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`Galat: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
