package io.meshwork.processors.derived;

import io.meshwork.core.cloudevents.CloudEventHeaders;
import io.meshwork.core.serde.AvroEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Publishes records of a derived product as any product is published: keyed by the contract's key
 * field, in the registry's wire format with the product's schema id, with CloudEvents headers
 * whose id is derived from what the record was computed from, so a record computed again after a
 * failure carries the same id.
 */
final class Publish implements Processor<String, GenericRecord, String, byte[]> {

    private final DerivedProduct product;
    private final AvroEncoder encoder = new AvroEncoder();
    private ProcessorContext<String, byte[]> context;

    Publish(DerivedProduct product) {
        this.product = product;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, GenericRecord> record) {
        GenericRecord value = record.value();
        String key = product.product().keyField().map(field -> Values.text(value, field)).orElse(record.key());
        String origin = CloudEventHeaders.get(record.headers(), CloudEventHeaders.ID).orElse(record.key());
        String id = UUID.nameUUIDFromBytes((product.topic() + "/" + key + "/" + record.timestamp() + "/" + origin)
                .getBytes(StandardCharsets.UTF_8)).toString();
        RecordHeaders headers = new RecordHeaders();
        CloudEventHeaders.add(headers, id, product.product().domain(), product.topic(),
                Instant.ofEpochMilli(record.timestamp()));
        byte[] bytes = encoder.encode(product.product().schemaId(), product.product().schema(), value, false);
        context.forward(new Record<>(key, bytes, record.timestamp(), headers));
    }
}
