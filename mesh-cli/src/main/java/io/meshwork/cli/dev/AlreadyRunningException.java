package io.meshwork.cli.dev;

/** A dev mesh already runs on the same data folder; says where and how to stop it. */
public final class AlreadyRunningException extends IllegalStateException {

    private final transient DevState running;

    AlreadyRunningException(DevState running) {
        super(running == null
                ? "mesh dev is already running on this data folder (it is still starting); stop it with: mesh dev --stop"
                : "mesh dev is already running (pid " + running.pid() + ") with Kafka on " + running.kafkaBootstrap()
                        + " and S3 on " + running.s3Endpoint() + "; stop it with: mesh dev --stop");
        this.running = running;
    }

    /** The running mesh's state, or {@code null} while it is still starting. */
    public DevState running() {
        return running;
    }
}
