package io.meshwork.producers.world;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;

/**
 * App users browsing in sessions: a session opens on the home screen, moves along the app's
 * navigation, clicks the buttons of the screen it is on, and ends after a while. Its events are
 * plain JSON, as the app's backend (not a JVM service) sends them to the gateway.
 */
final class Clickstream {

    private static final int MAX_SESSIONS = 8;

    /** Where each screen leads, and which buttons it has. */
    private static final Map<String, List<String>> NEXT = Map.of(
            "home", List.of("search", "restaurant/menu", "account", "order/tracking"),
            "search", List.of("restaurant/menu", "home"),
            "restaurant/menu", List.of("cart", "search", "home"),
            "cart", List.of("checkout", "restaurant/menu"),
            "checkout", List.of("order/tracking", "cart"),
            "order/tracking", List.of("home"),
            "account", List.of("home"));
    private static final Map<String, List<String>> BUTTONS = Map.of(
            "home", List.of("open-search", "promo-banner", "reorder"),
            "search", List.of("filter-cuisine", "sort-by-distance"),
            "restaurant/menu", List.of("add-to-cart", "show-allergens", "favourite"),
            "cart", List.of("increase-quantity", "apply-voucher", "go-to-checkout"),
            "checkout", List.of("pay", "change-address"),
            "order/tracking", List.of("call-rider", "share-eta"),
            "account", List.of("edit-profile", "log-out"));
    private static final Map<String, String> APP_VERSIONS = Map.of("IOS", "7.14.2", "ANDROID", "7.14.0", "WEB", "3.2.9");

    private final Random random;
    private final List<Session> sessions = new ArrayList<>();

    Clickstream(Random random) {
        this.random = random;
    }

    /** One thing happens in one session, or a session ends (then there is no event). */
    Optional<JsonEvent> step(Instant now, List<String> registeredUsers) {
        if (sessions.size() < 3 || (sessions.size() < MAX_SESSIONS && random.nextInt(10) == 0)) {
            return Optional.of(start(now, registeredUsers));
        }
        Session session = sessions.get(random.nextInt(sessions.size()));
        if (session.remaining-- <= 0) {
            sessions.remove(session);
            return Optional.empty();
        }
        if (random.nextInt(10) < 4) {
            List<String> buttons = BUTTONS.get(session.screen);
            ObjectNode click = base(session);
            click.put("button", buttons.get(random.nextInt(buttons.size())));
            click.put("clickedAt", now.toString());
            return Optional.of(event(Topics.BUTTON_CLICKED, session, now, click));
        }
        List<String> next = NEXT.get(session.screen);
        String previous = session.screen;
        long durationMs = Math.max(0, Duration.between(session.since, now).toMillis());
        session.screen = next.get(random.nextInt(next.size()));
        session.since = now;
        return Optional.of(event(Topics.SCREEN_VIEWED, session, now, view(session, previous, durationMs, now)));
    }

    private JsonEvent start(Instant now, List<String> registeredUsers) {
        String platform = List.of("IOS", "ANDROID", "WEB").get(random.nextInt(3));
        String user = !registeredUsers.isEmpty() && random.nextInt(10) < 7
                ? registeredUsers.get(random.nextInt(registeredUsers.size())) : null;
        Session session = new Session(uuid(random).toString(), user, platform, now, 5 + random.nextInt(25));
        sessions.add(session);
        return event(Topics.SCREEN_VIEWED, session, now, view(session, null, null, now));
    }

    private ObjectNode view(Session session, String previous, Long durationMs, Instant now) {
        ObjectNode view = base(session);
        view.put("previousScreen", previous);
        view.put("appVersion", APP_VERSIONS.get(session.platform));
        view.put("durationMs", durationMs);
        view.put("viewedAt", now.toString());
        return view;
    }

    private static ObjectNode base(Session session) {
        ObjectNode event = JsonNodeFactory.instance.objectNode();
        event.put("sessionId", session.id);
        event.put("userId", session.user);
        event.put("screen", session.screen);
        event.put("platform", session.platform);
        return event;
    }

    private JsonEvent event(String topic, Session session, Instant now, ObjectNode data) {
        return new JsonEvent("app-analytics", topic, session.id, now, uuid(random).toString(), data);
    }

    /** A random (version 4) UUID drawn from the world's seeded generator, so that runs repeat. */
    static UUID uuid(Random random) {
        long most = (random.nextLong() & 0xffffffffffff0fffL) | 0x0000000000004000L;
        long least = (random.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
        return new UUID(most, least);
    }

    private static final class Session {
        final String id;
        final String user;
        final String platform;
        String screen = "home";
        Instant since;
        int remaining;

        Session(String id, String user, String platform, Instant since, int remaining) {
            this.id = id;
            this.user = user;
            this.platform = platform;
            this.since = since;
            this.remaining = remaining;
        }
    }
}
