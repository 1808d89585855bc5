package io.meshwork.processors;

import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/** What a processor that follows a compacted control topic in a global store does with each record. */
public final class GlobalStoreWrites {

    private GlobalStoreWrites() {
    }

    /**
     * Keeps a record in its global store: a tombstone deletes its key.
     *
     * @return false for a record without a key, which a compacted topic cannot keep either
     */
    public static boolean keep(KeyValueStore<byte[], byte[]> store, Record<byte[], byte[]> record) {
        if (record.key() == null) {
            return false;
        }
        if (record.value() == null) {
            store.delete(record.key());
        } else {
            store.put(record.key(), record.value());
        }
        return true;
    }
}
