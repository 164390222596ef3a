import { INestApplication, Logger } from '@nestjs/common';
import { Server } from 'http';

/** How long the requests in flight may take to finish once a stop is asked for. */
export const DRAIN_SECONDS = 20;

/**
 * SIGTERM (a process manager's stop) and SIGINT (Ctrl-C): stop accepting connections, let the
 * requests in flight finish — at most `drainSeconds`, then their connections are cut — close the
 * application (the database last) and exit 0. A second signal exits at once (status 1).
 *
 * Nest's own shutdown hooks (enableShutdownHooks) are not used: they end the process by raising
 * the signal again (status 143, which process managers report as a failure), wait on idle
 * keep-alive connections until their timeout, and have no limit for a request that never ends.
 */
export function stopGracefully(app: INestApplication, logger: Logger, drainSeconds = DRAIN_SECONDS): void {
  let stopping = false;
  const stop = async (signal: NodeJS.Signals): Promise<void> => {
    if (stopping) {
      logger.warn(`${signal} again: stopping at once`);
      process.exit(1);
    }
    stopping = true;
    logger.log(`${signal}: no new connections; finishing the requests in flight (at most ${drainSeconds} s), then stopping`);
    const server = app.getHttpServer() as Server;
    const closed = new Promise<void>((done) => server.close(() => done()));
    // a keep-alive connection is idle once its request is answered: close it then, not after its timeout
    const idle = setInterval(() => server.closeIdleConnections(), 100);
    const cut = setTimeout(() => {
      logger.warn(`requests still in flight after ${drainSeconds} s: their connections are closed`);
      server.closeAllConnections();
    }, drainSeconds * 1000);
    try {
      await closed;
      clearInterval(idle);
      clearTimeout(cut);
      await app.close();
      logger.log('stopped');
      process.exit(0);
    } catch (error) {
      logger.error(`could not stop cleanly: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
      process.exit(1);
    }
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, (received: NodeJS.Signals) => void stop(received));
}
