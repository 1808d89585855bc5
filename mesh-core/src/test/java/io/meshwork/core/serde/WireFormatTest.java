package io.meshwork.core.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class WireFormatTest {

    @Test
    void writesMagicByteZeroAndTheIdBigEndian() {
        ByteBuffer buffer = ByteBuffer.allocate(5);

        WireFormat.writeHeader(buffer, 0x01020304);

        assertThat(buffer.array()).containsExactly(0x00, 0x01, 0x02, 0x03, 0x04);
    }

    @Test
    void readsTheIdAndLeavesThePayload() {
        ByteBuffer buffer = ByteBuffer.wrap(new byte[] {0, 0, 0, 1, 0x2A, 0x06, 'a', 'b', 'c'});

        assertThat(WireFormat.readHeader(buffer, "orders.order-placed.v1")).isEqualTo(298);
        assertThat(buffer.remaining()).isEqualTo(4);
        assertThat(buffer.get()).isEqualTo((byte) 0x06);
    }

    @Test
    void refusesAnUnknownMagicByte() {
        assertThatThrownBy(() -> WireFormat.readHeader(ByteBuffer.wrap(new byte[] {1, 0, 0, 0, 1, 2}), "orders.x.v1"))
                .isInstanceOf(SerializationException.class)
                .hasMessage("cannot deserialize a record of orders.x.v1: unknown magic byte 1; expected 0"
                        + " (Confluent's wire format). Was it written by another serializer?");
    }

    @Test
    void refusesBytesTooShortForTheHeader() {
        assertThatThrownBy(() -> WireFormat.readHeader(ByteBuffer.wrap(new byte[] {0, 0, 1}), "orders.x.v1"))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("3 bytes are too few");
    }

    @Test
    void theDeserializerRefusesForeignBytesBeforeAskingTheRegistry() {
        MeshAvroDeserializer<Object> deserializer = new MeshAvroDeserializer<>();
        deserializer.configure(Map.of("schema.registry.url", "http://localhost:1/registry"), false);

        assertThatThrownBy(() -> deserializer.deserialize("orders.x.v1", "{\"json\":true}".getBytes()))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("unknown magic byte 123");
    }
}
