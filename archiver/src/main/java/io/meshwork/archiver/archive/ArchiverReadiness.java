package io.meshwork.archiver.archive;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the archiving loop has polled Kafka. */
@Readiness
@ApplicationScoped
public class ArchiverReadiness implements HealthCheck {

    private final Archiver archiver;

    ArchiverReadiness(Archiver archiver) {
        this.archiver = archiver;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("archiver").status(archiver.polling()).build();
    }
}
