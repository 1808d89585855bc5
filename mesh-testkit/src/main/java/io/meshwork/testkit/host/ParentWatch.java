package io.meshwork.testkit.host;

import java.io.IOException;
import java.io.InputStream;

/**
 * Ends a child process when its parent goes away, even after a {@code kill -9} of the parent: the
 * parent holds the child's standard input open, and the operating system closes it when the
 * parent dies.
 */
public final class ParentWatch {

    private ParentWatch() {
    }

    /** Starts a daemon thread that exits the JVM, running its shutdown hooks, once stdin closes. */
    public static void exitWhenStdinCloses() {
        Thread watcher = new Thread(() -> {
            try (InputStream in = System.in) {
                while (in.read() >= 0) {
                    // the parent never writes; anything it sends is ignored
                }
            } catch (IOException closed) {
                // a broken pipe means the parent is gone, the same as end of input
            }
            System.exit(0);
        }, "parent-watch");
        watcher.setDaemon(true);
        watcher.start();
    }
}
