package io.meshwork.core.quality;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshwork.core.auth.SecretFile;
import io.meshwork.core.cloudevents.CloudEventHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class CheckSealTest {

    private static final byte[] VALUE = "event".getBytes(StandardCharsets.UTF_8);

    private static Headers headers(String id) {
        return CloudEventHeaders.add(new RecordHeaders(), id, "orders", "orders.order-placed.v1", Instant.EPOCH);
    }

    @Test
    void aSealVerifiesForItsOwnEventOnly() {
        CheckSeal seal = new CheckSeal(SecretFile.random());
        Headers sealed = headers("e-1");
        seal.seal(sealed, "orders.order-placed.v1", "e-1", VALUE);

        assertThat(seal.verifies(sealed, "orders.order-placed.v1", VALUE)).isTrue();
        assertThat(seal.verifies(sealed, "orders.order-placed.v1", "other".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(seal.verifies(sealed, "customers.customer-registered.v1", VALUE)).isFalse();
        assertThat(new CheckSeal(SecretFile.random()).verifies(sealed, "orders.order-placed.v1", VALUE)).isFalse();
    }

    @Test
    void aHeaderAProducerSetItselfIsNoSeal() {
        Headers forged = headers("e-1");
        forged.add(CloudEventHeaders.header(CloudEventHeaders.CHECKED_BY, "gateway"));
        forged.add(CloudEventHeaders.header(CheckSeal.HEADER, "c2VhbGVk"));

        assertThat(new CheckSeal(SecretFile.random()).verifies(forged, "orders.order-placed.v1", VALUE)).isFalse();
    }
}
