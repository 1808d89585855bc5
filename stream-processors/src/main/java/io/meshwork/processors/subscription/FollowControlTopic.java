package io.meshwork.processors.subscription;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshwork.core.json.MeshJson;
import io.meshwork.core.subscription.Grant;
import io.meshwork.core.subscription.Subscription;
import io.meshwork.processors.GlobalStoreWrites;
import java.io.IOException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jboss.logging.Logger;

/**
 * Keeps a global store of {@code _mesh.subscriptions} or {@code _mesh.grants} and applies each
 * record to the {@link SubscriptionBook}. On start it reads the whole store into the book, which
 * covers records restored into the store without passing through this processor.
 */
public final class FollowControlTopic implements Processor<byte[], byte[], Void, Void> {

    private static final Logger LOG = Logger.getLogger(FollowControlTopic.class);
    private static final ObjectMapper JSON = MeshJson.mapper();

    private final String storeName;
    private final SubscriptionBook book;
    private final boolean grants;
    private KeyValueStore<byte[], byte[]> store;

    private FollowControlTopic(String storeName, SubscriptionBook book, boolean grants) {
        this.storeName = storeName;
        this.book = book;
        this.grants = grants;
    }

    public static FollowControlTopic subscriptions(String storeName, SubscriptionBook book) {
        return new FollowControlTopic(storeName, book, false);
    }

    public static FollowControlTopic grants(String storeName, SubscriptionBook book) {
        return new FollowControlTopic(storeName, book, true);
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(storeName);
        try (KeyValueIterator<byte[], byte[]> all = store.all()) {
            all.forEachRemaining(entry -> apply(entry.key, entry.value));
        }
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        if (!GlobalStoreWrites.keep(store, record)) {
            return;
        }
        apply(record.key(), record.value());
    }

    private void apply(byte[] key, byte[] value) {
        try {
            String id = JSON.readValue(key, String.class);
            if (grants) {
                String[] parts = id.split("/", 2);
                if (value == null) {
                    book.revoke(parts[0], parts[1]);
                } else {
                    Grant grant = JSON.readValue(value, Grant.class);
                    book.grant(grant.product(), grant.consumer());
                }
            } else if (value == null) {
                book.remove(id);
            } else {
                book.put(JSON.readValue(value, Subscription.class));
            }
        } catch (IOException | RuntimeException e) {
            LOG.warnf("Skipping an unreadable record of %s: %s", storeName, e.getMessage());
        }
    }
}
