package io.meshwork.core.serde;

import org.apache.avro.Schema;

/** Finds a writer's schema by its registry id: the registry's client, or a fixed set where logic is tested alone. */
@FunctionalInterface
public interface SchemaLookup {

    /**
     * The schema with this id.
     *
     * @throws org.apache.kafka.common.errors.SerializationException when there is none, or the registry cannot answer
     */
    Schema schemaById(int id);
}
