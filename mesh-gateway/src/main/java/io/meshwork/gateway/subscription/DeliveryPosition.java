package io.meshwork.gateway.subscription;

import io.meshwork.gateway.problem.ProblemException;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Where a reader of a delivery topic is: the next offset of every partition, written as
 * {@code 0:12,1:7,2:0} (the id of each server-sent event), or the start or end of the topic.
 *
 * @param offsets the next offset to read, by partition; partitions not named start at the beginning
 * @param latest whether to start at the end of every partition instead
 */
record DeliveryPosition(Map<Integer, Long> offsets, boolean latest) {

    static DeliveryPosition parse(String text) {
        if ("earliest".equals(text)) {
            return new DeliveryPosition(Map.of(), false);
        }
        if ("latest".equals(text)) {
            return new DeliveryPosition(Map.of(), true);
        }
        Map<Integer, Long> offsets = new TreeMap<>();
        try {
            for (String part : text.split(",")) {
                String[] pair = part.split(":");
                if (pair.length != 2) {
                    throw new NumberFormatException(part);
                }
                offsets.put(Integer.parseInt(pair[0].strip()), Long.parseLong(pair[1].strip()));
            }
        } catch (NumberFormatException e) {
            throw new ProblemException(400, "Invalid position", "'" + text + "' is not a position; use earliest, latest,"
                    + " or the id of the last event received, like 0:12,1:7,2:0");
        }
        return new DeliveryPosition(Map.copyOf(offsets), false);
    }

    static String format(Map<Integer, Long> offsets) {
        return new TreeMap<>(offsets).entrySet().stream().map(e -> e.getKey() + ":" + e.getValue())
                .collect(Collectors.joining(","));
    }
}
