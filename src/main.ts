import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApp } from './app.factory';
import { ConfigError, loadConfig } from './common/config';
import { stopGracefully } from './common/graceful-shutdown';

async function main(): Promise<void> {
  // Fail fast on bad configuration, before anything opens the database.
  const config = loadConfig();
  const app = await createApp();
  await app.listen(config.port);
  const logger = new Logger('monev-kip');
  stopGracefully(app, logger);
  logger.log(`listening on http://localhost:${config.port}/api (OpenAPI at /api/docs, database ${config.databaseUrl ? 'PostgreSQL' : config.dbPath}, pid ${process.pid})`);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`monev-kip: ${error.message}\n`);
  } else {
    process.stderr.write(`monev-kip: could not start: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  }
  process.exit(1);
});
