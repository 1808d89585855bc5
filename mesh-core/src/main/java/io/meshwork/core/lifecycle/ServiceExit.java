package io.meshwork.core.lifecycle;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Makes sure a service that is to end does end: when the process that started it ends (however it
 * ends), and when the service itself decides to exit. Either asks the application to shut down
 * gracefully, then halts the JVM if that has not finished within {@link #GRACE}, since a shutdown that
 * waits on something gone (a broker, a parent) would otherwise leave the process running for ever.
 */
public final class ServiceExit {

    /** How long a graceful shutdown may take before the JVM is halted. */
    public static final Duration GRACE = Duration.ofSeconds(30);
    private static final Logger LOG = Logger.getLogger(ServiceExit.class.getName());

    private ServiceExit() {
    }

    /**
     * Exits with the status.
     *
     * @param service what is exiting, for the log
     * @param asyncExit starts the application's graceful shutdown with an exit status (Quarkus::asyncExit)
     */
    public static void exit(String service, int status, IntConsumer asyncExit) {
        Thread watchdog = new Thread(() -> {
            try {
                TimeUnit.MILLISECONDS.sleep(GRACE.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            LOG.log(Level.SEVERE, service + " did not shut down within " + GRACE.toSeconds() + " s; halting");
            Runtime.getRuntime().halt(status == 0 ? 1 : status);
        }, "exit-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        asyncExit.accept(status);
    }

    /** Exits, with status 0, once the process that started this one has ended. */
    public static void withParent(String service, IntConsumer asyncExit) {
        ProcessHandle.current().parent().ifPresentOrElse(parent -> parent.onExit().thenRun(() -> {
            LOG.info("The process that started " + service + " has ended; shutting down");
            exit(service, 0, asyncExit);
        }), () -> LOG.warning(service + " has no parent process to follow"));
    }
}
