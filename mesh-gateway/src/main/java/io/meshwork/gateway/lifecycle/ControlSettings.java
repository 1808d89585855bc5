package io.meshwork.gateway.lifecycle;

import io.meshwork.core.kafka.ControlLog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The settings every control log of the gateway shares, and the clock it measures time on. */
@ApplicationScoped
public class ControlSettings {

    @Produces
    @Singleton
    ControlLog.Settings controlLogSettings(@ConfigProperty(name = "mesh.control.timeout") Duration timeout,
                                           @ConfigProperty(name = "mesh.control.readiness-timeout") Duration readiness,
                                           @ConfigProperty(name = "mesh.control.write-attempts") int writeAttempts) {
        return new ControlLog.Settings(timeout, readiness, writeAttempts);
    }

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}
