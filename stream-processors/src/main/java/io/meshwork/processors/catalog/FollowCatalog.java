package io.meshwork.processors.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshwork.core.catalog.CatalogKey;
import io.meshwork.core.json.MeshJson;
import io.meshwork.processors.GlobalStoreWrites;
import java.io.IOException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jboss.logging.Logger;

/**
 * Follows {@code _mesh.catalog} in a global store and tells {@link Products} whenever a product's
 * contract is written, so that a change of its personal data or rules applies from the next event on,
 * within the time it takes the record to reach the processors rather than a refresh interval.
 */
public final class FollowCatalog implements Processor<byte[], byte[], Void, Void> {

    private static final Logger LOG = Logger.getLogger(FollowCatalog.class);
    private static final ObjectMapper JSON = MeshJson.mapper();

    private final String storeName;
    private final Products products;
    private KeyValueStore<byte[], byte[]> store;

    public FollowCatalog(String storeName, Products products) {
        this.storeName = storeName;
        this.products = products;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        if (!GlobalStoreWrites.keep(store, record)) {
            return;
        }
        try {
            CatalogKey key = JSON.readValue(record.key(), CatalogKey.class);
            if (key.topic() != null) {
                products.changed(key.topic());
            }
        } catch (IOException e) {
            LOG.debugf("Skipping an unreadable key of %s: %s", storeName, e.getMessage());
        }
    }
}
