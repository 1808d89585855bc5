package io.meshwork.core.serde;

import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** A Kafka Streams serde for Avro records in Confluent's wire format; both halves share one registry client. */
public class MeshAvroSerde<T> implements Serde<T> {

    private MeshAvroSerializer<T> serializer = new MeshAvroSerializer<>();
    private MeshAvroDeserializer<T> deserializer = new MeshAvroDeserializer<>();

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        SerdeConfig config = SerdeConfig.from(configs);
        RegistryClient registry = new RegistryClient(config);
        serializer = new MeshAvroSerializer<>(registry, config);
        deserializer = new MeshAvroDeserializer<>(registry, config);
        serializer.configure(configs, isKey);
        deserializer.configure(configs, isKey);
    }

    @Override
    public Serializer<T> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<T> deserializer() {
        return deserializer;
    }
}
