package io.meshwork.testkit.host;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/** The short wait between two checks of a condition that is polled until a deadline. */
public final class Pause {

    private static final Duration POLL_INTERVAL = Duration.ofMillis(100);

    private Pause() {
    }

    public static void briefly() {
        LockSupport.parkNanos(POLL_INTERVAL.toNanos());
    }
}
