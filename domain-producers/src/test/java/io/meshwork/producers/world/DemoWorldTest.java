package io.meshwork.producers.world;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshwork.producers.Contracts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The demo world on its own: valid events whose correlations hold, over a long simulated run. */
class DemoWorldTest {

    private static final int EVENTS = 30_000;
    private static final Instant START = Instant.parse("2026-11-22T08:00:00Z");
    private static List<DemoEvent> events;
    private static List<GenericRecord> records;

    @BeforeAll
    static void simulate() {
        Contracts contracts = Contracts.load();
        DemoWorld world = new DemoWorld(42);
        events = new ArrayList<>();
        for (int i = 0; i < EVENTS; i++) {
            events.add(world.next(START.plus(Duration.ofMillis(200L * i))));
        }
        records = events.stream().map(contracts::asContractRecord).toList();
    }

    @Test
    void everyEventPassesItsContractsRules() {
        Contracts contracts = Contracts.load();
        Map<String, List<String>> broken = new HashMap<>();
        for (DemoEvent event : events) {
            List<String> violations = contracts.violations(event, event.time());
            if (!violations.isEmpty()) {
                broken.computeIfAbsent(event.topic(), t -> new ArrayList<>()).addAll(violations);
            }
        }

        assertThat(broken).isEmpty();
    }

    @Test
    void everyProductIsProducedAndHighVolumeOnesDominate() {
        Map<String, Long> perTopic = events.stream().collect(Collectors.groupingBy(DemoEvent::topic, Collectors.counting()));

        assertThat(perTopic.keySet()).containsExactlyInAnyOrderElementsOf(Topics.ALL);
        long clicksAndPositions = perTopic.get(Topics.RIDER_LOCATION) + perTopic.get(Topics.SCREEN_VIEWED)
                + perTopic.get(Topics.BUTTON_CLICKED);
        assertThat(clicksAndPositions).isGreaterThan(EVENTS / 2);
        assertThat(events.stream().map(DemoEvent::id).distinct().count()).isEqualTo(EVENTS);
    }

    @Test
    void ordersNameARegisteredCustomerAndAnOpenRestaurantOfTheSameCity() {
        Set<String> registered = new HashSet<>();
        Map<String, Boolean> open = new HashMap<>();
        int orders = 0;
        for (int i = 0; i < events.size(); i++) {
            GenericRecord record = records.get(i);
            switch (events.get(i).topic()) {
                case Topics.CUSTOMER_REGISTERED -> registered.add(record.get("customerId").toString());
                case Topics.AVAILABILITY_CHANGED -> open.put(record.get("restaurantId").toString(),
                        (Boolean) record.get("available"));
                case Topics.ORDER_PLACED -> {
                    orders++;
                    assertThat(registered).contains(record.get("customerId").toString());
                    String restaurant = record.get("restaurantId").toString();
                    assertThat(open.get(restaurant)).as("%s open when ordered from", restaurant).isTrue();
                }
                default -> {
                }
            }
        }
        assertThat(orders).isGreaterThan(500);
    }

    @Test
    void everyOrderMovesThroughItsLifecycleInOrder() {
        Map<String, List<String>> lifecycle = new HashMap<>();
        Set<String> placed = new HashSet<>();
        for (int i = 0; i < events.size(); i++) {
            GenericRecord record = records.get(i);
            if (events.get(i).topic().equals(Topics.ORDER_PLACED)) {
                placed.add(record.get("orderId").toString());
            } else if (events.get(i).topic().equals(Topics.ORDER_STATUS_CHANGED)) {
                String order = record.get("orderId").toString();
                assertThat(placed).as("status of an order placed before").contains(order);
                List<String> statuses = lifecycle.computeIfAbsent(order, o -> new ArrayList<>());
                Object previous = record.get("previousStatus");
                assertThat(previous == null ? null : previous.toString())
                        .isEqualTo(statuses.isEmpty() ? null : statuses.get(statuses.size() - 1));
                statuses.add(record.get("status").toString());
            }
        }

        Set<List<String>> allowed = Set.of(List.of("PLACED"), List.of("PLACED", "CANCELLED"),
                List.of("PLACED", "ACCEPTED"), List.of("PLACED", "ACCEPTED", "PICKED_UP"),
                List.of("PLACED", "ACCEPTED", "PICKED_UP", "DELIVERED"));
        assertThat(lifecycle.values()).allSatisfy(statuses -> assertThat(allowed).contains(statuses));
        assertThat(lifecycle.values().stream().filter(s -> s.contains("DELIVERED")).count()).isGreaterThan(200);
        assertThat(lifecycle.values().stream().filter(s -> s.contains("CANCELLED")).count()).isPositive();
    }

    @Test
    void ridersMoveInShortStepsAndCarryTheOrderTheyDeliver() {
        Map<String, GenericRecord> last = new HashMap<>();
        Map<String, Instant> lastAt = new HashMap<>();
        Set<String> accepted = new HashSet<>();
        for (int i = 0; i < events.size(); i++) {
            GenericRecord record = records.get(i);
            String topic = events.get(i).topic();
            if (topic.equals(Topics.ORDER_STATUS_CHANGED) && record.get("status").toString().equals("ACCEPTED")) {
                accepted.add(record.get("orderId").toString());
            }
            if (!topic.equals(Topics.RIDER_LOCATION)) {
                continue;
            }
            GenericRecord previous = last.put(record.get("riderId").toString(), record);
            Instant previousAt = lastAt.put(record.get("riderId").toString(), events.get(i).time());
            if (record.get("orderId") != null) {
                assertThat(accepted).contains(record.get("orderId").toString());
            }
            if (previous != null) {
                GeoPoint from = new GeoPoint((Double) previous.get("lat"), (Double) previous.get("lon"));
                GeoPoint to = new GeoPoint((Double) record.get("lat"), (Double) record.get("lon"));
                double hours = Duration.between(previousAt, events.get(i).time()).toMillis() / 3_600_000.0;
                assertThat(from.distanceKm(to)).isLessThanOrEqualTo(
                        Math.min(DemoWorld.MAX_STEP_KM, DemoWorld.RIDER_SPEED_KMH * hours) + 0.03);
            }
        }
        assertThat(last).hasSizeGreaterThanOrEqualTo(9);
    }

    @Test
    void sessionsStartAtHomeAndFollowTheAppsNavigation() {
        Map<String, String> screenOf = new HashMap<>();
        int sessionsWithUsers = 0;
        for (int i = 0; i < events.size(); i++) {
            GenericRecord record = records.get(i);
            String topic = events.get(i).topic();
            if (!topic.equals(Topics.SCREEN_VIEWED) && !topic.equals(Topics.BUTTON_CLICKED)) {
                continue;
            }
            String session = record.get("sessionId").toString();
            String screen = record.get("screen").toString();
            if (topic.equals(Topics.SCREEN_VIEWED)) {
                Object previous = record.get("previousScreen");
                if (previous == null) {
                    assertThat(screenOf).doesNotContainKey(session);
                    assertThat(screen).isEqualTo("home");
                    sessionsWithUsers += record.get("userId") == null ? 0 : 1;
                } else {
                    assertThat(previous.toString()).isEqualTo(screenOf.get(session));
                }
                screenOf.put(session, screen);
            } else {
                assertThat(screen).isEqualTo(screenOf.get(session));
            }
        }
        assertThat(screenOf.size()).isGreaterThan(100);
        assertThat(sessionsWithUsers).isBetween(screenOf.size() / 2, screenOf.size());
    }

    @Test
    void theSameSeedGivesTheSameEvents() {
        DemoWorld again = new DemoWorld(42);
        for (int i = 0; i < 500; i++) {
            DemoEvent event = again.next(START.plus(Duration.ofMillis(200L * i)));
            assertThat(event.id()).isEqualTo(events.get(i).id());
            assertThat(event.topic()).isEqualTo(events.get(i).topic());
        }
    }
}
