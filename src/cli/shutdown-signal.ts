/**
 * Resolves with the name of the first SIGINT or SIGTERM, so a long-running command can shut down
 * gracefully. A second signal while that shutdown is still going exits at once (code 130), for the
 * operator who does not want to wait for in-flight writes.
 */
export function waitForShutdownSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const first = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', first);
      process.off('SIGTERM', first);
      const force = (): void => {
        process.stderr.write('qiao: second signal, exiting without waiting\n');
        process.exit(130);
      };
      process.once('SIGINT', force);
      process.once('SIGTERM', force);
      resolve(signal);
    };
    process.on('SIGINT', first);
    process.on('SIGTERM', first);
  });
}

/**
 * After a graceful shutdown, exits (with the current exit code) if something still holds the event
 * loop open `graceMs` later (a timer a library left behind), so a stopped `qiao start` never lingers
 * under a process manager. The timer is unref'd: a clean process exits on its own before that.
 */
export function exitIfStillAliveAfter(graceMs = 1000): void {
  setTimeout(() => process.exit(), graceMs).unref();
}
