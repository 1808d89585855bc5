package io.meshwork.producers;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshwork.core.contract.ContractLoader;
import io.meshwork.core.contract.DataContract;
import io.meshwork.core.json.JsonToAvro;
import io.meshwork.core.rules.RuleViolation;
import io.meshwork.producers.world.DemoEvent;
import io.meshwork.producers.world.JsonEvent;
import io.meshwork.producers.world.NativeEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;

/** The demo domains' contracts from schema-registry-config/, to judge generated events the way the mesh does. */
public final class Contracts {

    private final Map<String, DataContract> byTopic;

    private Contracts(Map<String, DataContract> byTopic) {
        this.byTopic = byTopic;
    }

    public static Contracts load() {
        ContractLoader.FolderResult result = ContractLoader.loadFolder(Path.of(System.getProperty("mesh.contracts.dir")));
        assertThat(result.problems()).isEmpty();
        return new Contracts(result.contracts().stream().collect(Collectors.toMap(DataContract::topic, Function.identity())));
    }

    public DataContract of(String topic) {
        DataContract contract = byTopic.get(topic);
        assertThat(contract).as("contract for " + topic).isNotNull();
        return contract;
    }

    /** The event as a record of its contract's schema: natively written bytes read back, or JSON converted. */
    public GenericRecord asContractRecord(DemoEvent event) {
        DataContract contract = of(event.topic());
        if (event instanceof NativeEvent nativeEvent) {
            return readBack(nativeEvent, contract);
        }
        JsonToAvro.Result converted = JsonToAvro.convert(((JsonEvent) event).data(), contract.schema());
        assertThat(converted.problems()).as("JSON problems of %s", event).isEmpty();
        return converted.record();
    }

    /** The names of the rules the event breaks. */
    public List<String> violations(DemoEvent event, Instant now) {
        return of(event.topic()).compiledRules().evaluate(asContractRecord(event), now).stream()
                .map(RuleViolation::rule).toList();
    }

    private static GenericRecord readBack(NativeEvent event, DataContract contract) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            SpecificData.get().createDatumWriter(event.value().getSchema()).write(event.value(), encoder);
            encoder.flush();
            return new GenericDatumReader<GenericRecord>(event.value().getSchema(), contract.schema())
                    .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
