package io.meshwork.core.serde;

import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;

/** Confluent's framing of a serialized value: magic byte 0, then the schema id as a big-endian int. */
public final class WireFormat {

    public static final byte MAGIC_BYTE = 0;
    public static final int HEADER_SIZE = 5;

    private WireFormat() {
    }

    /** Writes the header for a schema id into the buffer's next five bytes. */
    public static void writeHeader(ByteBuffer buffer, int schemaId) {
        buffer.put(MAGIC_BYTE).putInt(schemaId);
    }

    /**
     * Reads the header and returns the schema id, leaving the buffer at the Avro payload.
     *
     * @throws SerializationException when the bytes are not in the wire format
     */
    public static int readHeader(ByteBuffer buffer, String topic) {
        if (buffer.remaining() < HEADER_SIZE) {
            throw new SerializationException("cannot deserialize a record of " + topic + ": " + buffer.remaining()
                    + " bytes are too few for Confluent's wire format (magic byte 0 and a 4-byte schema id)");
        }
        byte magic = buffer.get();
        if (magic != MAGIC_BYTE) {
            throw new SerializationException("cannot deserialize a record of " + topic + ": unknown magic byte "
                    + magic + "; expected 0 (Confluent's wire format). Was it written by another serializer?");
        }
        return buffer.getInt();
    }
}
