package io.meshwork.gateway.access;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshwork.core.access.Registration;
import io.meshwork.core.json.MeshJson;
import io.meshwork.core.kafka.ControlLog;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/** The consumers and admins registered for Kafka access, kept in {@value Registration#TOPIC}. */
public final class Registrations implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Registrations.class);

    private final ObjectMapper json = MeshJson.mapper();
    private final Map<String, Registration> registered = new ConcurrentHashMap<>();
    private final AtomicLong changes = new AtomicLong();
    private final ControlLog log;

    public Registrations(Map<String, Object> kafkaConfig, String transactionalId, ControlLog.Settings settings,
                         Clock clock) {
        this.log = new ControlLog(Registration.TOPIC, kafkaConfig, transactionalId, this::apply, settings, clock);
    }

    /** Connects, reads the registrations and returns once caught up. */
    public Registrations start() {
        log.start();
        log.catchUp();
        return this;
    }

    public boolean ready() {
        return log.isCaughtUp();
    }

    /** Counts every change read from the log, so that watchers can tell when to look again. */
    public long changes() {
        return changes.get();
    }

    public List<Registration> all() {
        return registered.values().stream().sorted(Comparator.comparing(Registration::name)).toList();
    }

    public Optional<Registration> get(String name) {
        return Optional.ofNullable(registered.get(name));
    }

    /** Registers a principal unless it is, with the same role; whether this call registered it. */
    public boolean register(String name, Registration.Role role, String by) {
        return log.write(() -> {
            Registration current = registered.get(name);
            if (current != null && current.role() == role) {
                return ControlLog.Decision.nothingToWrite(false);
            }
            Registration wanted = new Registration(name, role, by, Instant.now());
            return new ControlLog.Decision<>(true, List.of(new ControlLog.Entry(name, wanted)));
        });
    }

    /** Removes a registration; whether there was one. */
    public boolean remove(String name) {
        return log.write(() -> registered.containsKey(name)
                ? new ControlLog.Decision<>(true, List.of(new ControlLog.Entry(name, null)))
                : ControlLog.Decision.nothingToWrite(false));
    }

    private void apply(long offset, byte[] key, byte[] value) {
        try {
            String name = json.readValue(key, String.class);
            if (value == null) {
                registered.remove(name);
            } else {
                registered.put(name, json.readValue(value, Registration.class));
            }
            changes.incrementAndGet();
        } catch (IOException e) {
            LOG.warnf("Skipping an unreadable record at offset %d of %s: %s", offset, Registration.TOPIC, e.getMessage());
        }
    }

    @Override
    public void close() {
        log.close();
    }
}
