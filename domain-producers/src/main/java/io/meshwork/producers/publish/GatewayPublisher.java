package io.meshwork.producers.publish;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshwork.core.api.EventResult;
import io.meshwork.core.api.GatewayUnreachableException;
import io.meshwork.core.api.MeshClient;
import io.meshwork.core.api.Problem;
import io.meshwork.core.json.MeshJson;
import io.meshwork.producers.load.DemoSettings;
import io.meshwork.producers.load.LoadSummary;
import io.meshwork.producers.world.JsonEvent;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.jboss.logging.Logger;

/**
 * The app's backend, which is not a JVM service: it collects its events per product and posts them
 * as JSON batches of CloudEvents envelopes to the gateway, honouring {@code Retry-After} when the
 * gateway asks it to slow down. The gateway answers per event, so one bad event costs one event.
 */
@ApplicationScoped
public class GatewayPublisher {

    private static final Logger LOG = Logger.getLogger(GatewayPublisher.class);
    private static final ObjectMapper JSON = MeshJson.mapper();
    private static final int ATTEMPTS = 5;

    private final DemoSettings settings;
    private final LoadSummary summary;
    private final ExecutorService senders = Executors.newFixedThreadPool(4, runnable -> {
        Thread thread = new Thread(runnable, "demo-http-batch");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, Batch> batches = new HashMap<>();
    private MeshClient client;

    GatewayPublisher(DemoSettings settings, LoadSummary summary) {
        this.settings = settings;
        this.summary = summary;
    }

    /** Adds an event to its product's batch, and sends the batch when full. Called from one thread. */
    public void publish(JsonEvent event) {
        Batch batch = batches.computeIfAbsent(event.topic(), topic -> new Batch(topic, System.nanoTime()));
        ObjectNode envelope = JSON.createObjectNode().put("specversion", "1.0").put("id", event.id())
                .put("source", event.domain()).put("type", event.topic()).put("time", event.time().toString());
        envelope.set("data", event.data());
        batch.events.add(envelope);
        summary.sent(event.topic());
        if (batch.events.size() >= settings.httpBatchSize()) {
            send(batches.remove(event.topic()));
        }
    }

    /** Sends the batches that have waited longer than the linger time. Called from the same thread as publish. */
    public void flushDue() {
        long now = System.nanoTime();
        List<String> due = batches.values().stream()
                .filter(b -> now - b.startedNanos >= settings.httpLinger().toNanos()).map(b -> b.topic).toList();
        due.forEach(topic -> send(batches.remove(topic)));
    }

    /** Sends every open batch now. */
    public void flushAll() {
        new ArrayList<>(batches.keySet()).forEach(topic -> send(batches.remove(topic)));
    }

    void stop(@Observes ShutdownEvent shutdown) {
        senders.shutdown();
        try {
            senders.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void send(Batch batch) {
        ArrayNode body = JSON.createArrayNode().addAll(batch.events);
        senders.execute(() -> post(batch.topic, body));
    }

    /** Posts a batch; events Kafka did not acknowledge (503) are sent again, and only those, so none is duplicated. */
    private void post(String topic, ArrayNode body) {
        MeshClient client = client();
        ArrayNode remaining = body;
        for (int attempt = 1; attempt <= ATTEMPTS && !remaining.isEmpty(); attempt++) {
            try {
                MeshClient.Published answer = client.publish(topic, remaining.toString(), "application/json");
                if (answer.report().isPresent()) {
                    remaining = count(topic, remaining, answer.results());
                } else if (answer.status() != 429 && answer.status() != 503) {
                    LOG.warnf("The gateway refused a batch of %d events for %s: %s", remaining.size(), topic,
                            answer.refusal().map(Problem::detail).orElse("HTTP " + answer.status()));
                    break;
                }
                if (!remaining.isEmpty()) {
                    Duration wait = answer.retryAfter().orElse(Duration.ofSeconds(1));
                    LOG.debugf("The gateway asked to retry %d event(s) of %s in %s (HTTP %d)", remaining.size(), topic,
                            wait, answer.status());
                    LockSupport.parkNanos(wait.toNanos());
                }
            } catch (GatewayUnreachableException e) {
                LOG.debugf(e, "Cannot reach the gateway at %s (attempt %d)", settings.gatewayUrl(), attempt);
                LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1));
            }
            if (Thread.currentThread().isInterrupted()) {
                break;
            }
        }
        for (int i = 0; i < remaining.size(); i++) {
            summary.failed(topic);
        }
    }

    private synchronized MeshClient client() {
        if (client == null) {
            client = MeshClient.of(settings.gatewayUrl(), DomainTokens.of(settings, "app-analytics"))
                    .withTimeout(Duration.ofSeconds(60));
        }
        return client;
    }

    /** Counts the answer's accepted and rejected events, and returns those that failed, to send again. */
    private ArrayNode count(String topic, ArrayNode sent, List<EventResult> results) {
        ArrayNode failed = JSON.createArrayNode();
        for (EventResult result : results) {
            switch (result.status()) {
                case EventResult.ACCEPTED -> summary.acknowledged(topic);
                case EventResult.REJECTED -> {
                    summary.rejected(topic);
                    LOG.debugf("The gateway rejected event %s on %s: %s", result.id(), topic, result);
                }
                default -> failed.add(sent.get(result.index()));
            }
        }
        return failed;
    }

    private static final class Batch {
        final String topic;
        final long startedNanos;
        final List<ObjectNode> events = new ArrayList<>();

        Batch(String topic, long startedNanos) {
            this.topic = topic;
            this.startedNanos = startedNanos;
        }
    }
}
