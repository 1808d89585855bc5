package io.meshwork.gateway.ingest;

import io.meshwork.core.quality.CheckSeal;
import io.meshwork.gateway.catalog.Catalog;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Creates the ingestion from the gateway's Kafka settings and closes it, flushing what is in flight. */
@ApplicationScoped
public class IngestionLifecycle {

    @Produces
    @Singleton
    Ingestion ingestion(@Identifier("default-kafka-broker") Map<String, Object> kafka, Catalog catalog,
                        MeterRegistry meters, @ConfigProperty(name = "mesh.ingest.max-events") int maxEvents,
                        @ConfigProperty(name = "mesh.ingest.max-event-size") MemorySize maxEventSize,
                        @ConfigProperty(name = "mesh.ingest.send-timeout") Duration sendTimeout,
                        @ConfigProperty(name = "mesh.ingest.linger") Duration linger,
                        @ConfigProperty(name = "mesh.ingest.compression") String compression,
                        @ConfigProperty(name = "mesh.ingest.check-seal-key") Optional<String> sealKey) {
        return new Ingestion(kafka, catalog, meters, maxEvents, maxEventSize.asLongValue(), sendTimeout,
                new Ingestion.Producing(linger, compression), sealKey.map(CheckSeal::new));
    }

    void close(@Disposes Ingestion ingestion) {
        ingestion.close();
    }

    @Produces
    @Singleton
    Reprocessing reprocessing(@Identifier("default-kafka-broker") Map<String, Object> kafka, Catalog catalog,
                              Ingestion ingestion) {
        return new Reprocessing(kafka, catalog, ingestion, ingestion.deadLetters());
    }
}
