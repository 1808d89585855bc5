package io.meshwork.core.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/** Reads partitions from their beginning to the end they had when reading began, then stops. */
public final class ReadToEnd {

    private ReadToEnd() {
    }

    /**
     * Hands every record of the partitions, in order per partition, to {@code each}. With
     * {@code read_committed}, the end is the last stable offset, so open transactions are not waited for.
     *
     * @return how many records were read
     */
    public static <K, V> long read(org.apache.kafka.clients.consumer.Consumer<K, V> consumer,
                                   Collection<TopicPartition> partitions, Consumer<ConsumerRecord<K, V>> each) {
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        long read = 0;
        while (ends.entrySet().stream().anyMatch(end -> consumer.position(end.getKey()) < end.getValue())) {
            for (ConsumerRecord<K, V> record : consumer.poll(Duration.ofMillis(200))) {
                if (record.offset() < ends.get(new TopicPartition(record.topic(), record.partition()))) {
                    each.accept(record);
                    read++;
                }
            }
        }
        return read;
    }
}
