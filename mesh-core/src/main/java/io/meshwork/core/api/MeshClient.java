package io.meshwork.core.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshwork.core.access.AccessRule;
import io.meshwork.core.access.KafkaClientCredentials;
import io.meshwork.core.json.MeshJson;
import io.meshwork.core.subscription.Grant;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The one client of the gateway's {@code /v1} API, for the CLI, the services, the benchmarks and the
 * tests: typed bodies from {@link io.meshwork.core.api}, one JSON configuration, refusals as
 * {@link MeshApiException} carrying the gateway's problem. Safe to share between threads.
 */
public final class MeshClient {

    /** The header that says why a change is made, kept in the audit trail. */
    public static final String REASON = "X-Mesh-Reason";
    /** The content type of a batch with one event per line. */
    public static final String NDJSON = "application/x-ndjson";

    private static final ObjectMapper JSON = MeshJson.mapper();
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final URI gateway;
    private final Optional<String> token;
    private final Duration timeout;
    private final HttpClient http;

    private MeshClient(URI gateway, Optional<String> token, Duration timeout, HttpClient http) {
        this.gateway = gateway;
        this.token = token;
        this.timeout = timeout;
        this.http = http;
    }

    /** A client that calls the gateway with this bearer token, each call with a 30 s timeout. */
    public static MeshClient of(URI gateway, String token) {
        return new MeshClient(gateway, Optional.of(token), Duration.ofSeconds(30),
                HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build());
    }

    /** The same client, with the token if there is one (a gateway without auth takes none). */
    public static MeshClient of(URI gateway, Optional<String> token) {
        return new MeshClient(gateway, token, Duration.ofSeconds(30),
                HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build());
    }

    /** A client of another instance, acting with another token, sharing this one's connections. */
    public MeshClient at(URI other, Optional<String> otherToken) {
        return new MeshClient(other, otherToken, timeout, http);
    }

    /** The same client with another timeout per call; they share connections. */
    public MeshClient withTimeout(Duration callTimeout) {
        return new MeshClient(gateway, token, callTimeout, http);
    }

    public URI gateway() {
        return gateway;
    }

    // --- catalog

    /** Applies contracts and domain definitions, or with {@code dryRun} says what applying them would change. */
    public ApplyReport apply(ApplyRequest request, boolean dryRun, String reason) {
        return read(send(post("/v1/contracts?dryRun=" + dryRun, request), reason), ApplyReport.class);
    }

    /** The products, optionally of one domain or matching a search. */
    public List<ProductSummary> products(String domain, String query) {
        return read(send(get("/v1/products" + query("domain", domain, "q", query)), null), new TypeReference<>() { });
    }

    /** A product, or empty when the catalog has none by that topic. */
    public Optional<ProductDetail> product(String topic) {
        return readIfFound(send(get("/v1/products/" + encode(topic)), null), ProductDetail.class);
    }

    /** A product's latest quality report, or empty when there is none yet. */
    public Optional<ProductQuality> quality(String topic) {
        return readIfFound(send(get("/v1/products/" + encode(topic) + "/quality"), null), ProductQuality.class);
    }

    public List<DomainView> domains() {
        return read(send(get("/v1/domains"), null), new TypeReference<>() { });
    }

    // --- Kafka access

    /** The Kafka credentials of the token's principal, or (with an admin token) of another principal. */
    public KafkaClientCredentials credentials(Optional<String> principal) {
        return read(send(post("/v1/kafka/credentials", new CredentialsRequest(principal.orElse(null))), null),
                KafkaClientCredentials.class);
    }

    /** What a principal may do on Kafka; the caller's own when {@code principal} is null. */
    public List<AccessRule> acls(String principal) {
        return read(send(get("/v1/kafka/acls" + query("principal", principal)), null), new TypeReference<>() { });
    }

    /** Every principal the mesh knows and what it may do on Kafka; for an admin. */
    public List<PrincipalAccess> principals() {
        return read(send(get("/v1/kafka/principals"), null), new TypeReference<>() { });
    }

    // --- subscriptions and grants

    /** A saved subscription, and whether saving created it. */
    public record Saved(boolean created, SubscriptionView subscription) {
    }

    /** Creates or changes a subscription; {@code consumer} is for admins acting for one, else null. */
    public Saved putSubscription(String name, String consumer, SubscriptionRequest request, String reason) {
        HttpResponse<String> response = send(request("/v1/subscriptions/" + encode(name) + query("consumer", consumer))
                .PUT(body(request)).header("Content-Type", "application/json"), reason);
        return new Saved(response.statusCode() == 201, read(response, SubscriptionView.class));
    }

    public List<SubscriptionView> subscriptions(String consumer) {
        return read(send(get("/v1/subscriptions" + query("consumer", consumer)), null), new TypeReference<>() { });
    }

    public Optional<SubscriptionView> subscription(String name, String consumer) {
        return readIfFound(send(get("/v1/subscriptions/" + encode(name) + query("consumer", consumer)), null),
                SubscriptionView.class);
    }

    /** Removes a subscription; false when there was none by that name. */
    public boolean removeSubscription(String name, String consumer, String reason) {
        return noContentIfFound(send(request("/v1/subscriptions/" + encode(name) + query("consumer", consumer))
                .DELETE(), reason));
    }

    /** One server-sent event of a subscription: its position (to resume from) and the delivered JSON. */
    public record Delivery(String id, String data) {
    }

    /**
     * Follows a subscription's deliveries from a position ({@code earliest}, {@code latest} or a
     * delivery's id) until the stream ends or the thread is interrupted, handing each to {@code each}.
     */
    public void follow(String name, String consumer, String from, Consumer<Delivery> each) {
        HttpRequest request = request("/v1/subscriptions/" + encode(name) + "/events"
                + query("consumer", consumer, "from", from)).header("Accept", "text/event-stream")
                .timeout(Duration.ofDays(365)).GET().build();
        HttpResponse<Stream<String>> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofLines());
        } catch (IOException e) {
            throw new GatewayUnreachableException(gateway, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        try (Stream<String> lines = response.body()) {
            if (response.statusCode() != 200) {
                throw refusal(response.statusCode(), String.join("\n", lines.toList()), request.uri());
            }
            Iterator<String> it = lines.iterator();
            String id = null;
            while (it.hasNext()) {
                String line = it.next();
                if (line.startsWith("id:")) {
                    id = line.substring(3).strip();
                } else if (line.startsWith("data:")) {
                    each.accept(new Delivery(id, line.substring(5).strip()));
                }
            }
        } catch (UncheckedIOException e) {
            if (!Thread.currentThread().isInterrupted()) {
                throw new GatewayUnreachableException(gateway, e.getCause());
            }
        }
    }

    public List<Grant> grants(String topic) {
        return read(send(get("/v1/products/" + encode(topic) + "/grants"), null), new TypeReference<>() { });
    }

    /** Grants a consumer the product's personal data in clear; only the product's domain may. */
    public Grant grant(String topic, String consumer, String reason) {
        return read(send(request("/v1/products/" + encode(topic) + "/grants/" + encode(consumer))
                .PUT(HttpRequest.BodyPublishers.noBody()), reason), Grant.class);
    }

    /** Revokes a grant; false when the consumer held none. */
    public boolean revoke(String topic, String consumer, String reason) {
        return noContentIfFound(send(request("/v1/products/" + encode(topic) + "/grants/" + encode(consumer))
                .DELETE(), reason));
    }

    // --- the lake

    /** Records an erasure from a lake table in the audit trail, with why; for an admin. */
    public void recordLakeErasure(LakeErasure erasure, String reason) {
        read(send(post("/v1/lake/erasures", erasure), reason), LakeErasure.class);
    }

    // --- ingestion

    /**
     * What the gateway answered to a batch: its report (also for a 503, where the failed events are
     * to be sent again), or a refusal of the whole batch.
     *
     * @param status the HTTP status: 200, 207, 503, or a refusal's
     * @param retryAfter how long the gateway asked to wait before sending again, if it did
     */
    public record Published(int status, Optional<PublishReport> report, Optional<Problem> refusal,
                            Optional<Duration> retryAfter) {

        /** The results of the batch; empty for a refusal. */
        public List<EventResult> results() {
            return report.map(PublishReport::results).orElse(List.of());
        }
    }

    /** Publishes a batch (a JSON array of events, or NDJSON with {@link #NDJSON}); never throws for a refusal. */
    public Published publish(String topic, String body, String contentType) {
        try {
            return publishAsync(topic, body, contentType).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof GatewayUnreachableException unreachable) {
                throw unreachable;
            }
            throw e;
        }
    }

    /** {@link #publish} without waiting; completes exceptionally with {@link GatewayUnreachableException}. */
    public CompletableFuture<Published> publishAsync(String topic, String body, String contentType) {
        HttpRequest request = request("/v1/products/" + encode(topic) + "/events").header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).handle((response, failure) -> {
            if (failure != null) {
                throw new GatewayUnreachableException(gateway, failure instanceof CompletionException c
                        ? c.getCause() : failure);
            }
            return published(response);
        });
    }

    /** Republishes the domain's dead letters that pass the current contracts. */
    public ReprocessReport reprocess(String domain) {
        return read(send(request("/v1/dlq/" + encode(domain) + "/reprocess").POST(HttpRequest.BodyPublishers.noBody()),
                null), ReprocessReport.class);
    }

    private Published published(HttpResponse<String> response) {
        int status = response.statusCode();
        Optional<Duration> retryAfter = response.headers().firstValueAsLong("Retry-After").stream()
                .mapToObj(Duration::ofSeconds).findFirst();
        if (status == 200 || status == 207) {
            return new Published(status, Optional.of(parse(response.body(), PublishReport.class, response)),
                    Optional.empty(), retryAfter);
        }
        Problem problem = problemOf(status, response.body(), response.uri());
        Optional<PublishReport> report = problem.results().isEmpty() ? Optional.empty()
                : Optional.of(PublishReport.of(problem.results()));
        return new Published(status, report, Optional.of(problem), retryAfter);
    }

    // --- the stream processors' API, for a client of a processors instance

    /** The windows of one key of an aggregate product in a range; empty when the topic is not an aggregate. */
    public Optional<AggregateAnswer> aggregateWindows(String topic, String key, Instant from, Instant to) {
        return readIfFound(send(get("/v1/aggregates/" + encode(topic) + "/" + encode(key)
                + query("from", from.toString(), "to", to.toString())), null), AggregateAnswer.class);
    }

    // --- plumbing

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(gateway.resolve(path)).timeout(timeout)
                .header("Accept", "application/json");
        token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
        return request;
    }

    private HttpRequest.Builder get(String path) {
        return request(path).GET();
    }

    private HttpRequest.Builder post(String path, Object body) {
        return request(path).header("Content-Type", "application/json").POST(body(body));
    }

    private static HttpRequest.BodyPublisher body(Object body) {
        try {
            return HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + body.getClass().getSimpleName() + " as JSON", e);
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request, String reason) {
        if (reason != null && !reason.isBlank()) {
            request.header(REASON, reason);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new GatewayUnreachableException(gateway, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GatewayUnreachableException(gateway, e);
        }
    }

    private <T> T read(HttpResponse<String> response, Class<T> type) {
        requireSuccess(response);
        return parse(response.body(), type, response);
    }

    private <T> T read(HttpResponse<String> response, TypeReference<T> type) {
        requireSuccess(response);
        try {
            return JSON.readValue(response.body(), type);
        } catch (JsonProcessingException e) {
            throw unreadable(response, e);
        }
    }

    private <T> Optional<T> readIfFound(HttpResponse<String> response, Class<T> type) {
        return response.statusCode() == 404 ? Optional.empty() : Optional.of(read(response, type));
    }

    private boolean noContentIfFound(HttpResponse<String> response) {
        if (response.statusCode() == 404) {
            return false;
        }
        requireSuccess(response);
        return true;
    }

    private <T> T parse(String body, Class<T> type, HttpResponse<String> response) {
        try {
            return JSON.readValue(body, type);
        } catch (JsonProcessingException e) {
            throw unreadable(response, e);
        }
    }

    private static IllegalStateException unreadable(HttpResponse<String> response, JsonProcessingException e) {
        return new IllegalStateException("the gateway's answer to " + response.request().method() + " "
                + response.uri().getPath() + " is not what this client reads: " + e.getOriginalMessage(), e);
    }

    private static void requireSuccess(HttpResponse<String> response) {
        if (response.statusCode() / 100 != 2) {
            throw refusal(response.statusCode(), response.body(), response.uri());
        }
    }

    private static MeshApiException refusal(int status, String body, URI uri) {
        return new MeshApiException(problemOf(status, body, uri));
    }

    /** The gateway's problem; an answer that is not one (a proxy's page, say) becomes one that quotes it. */
    static Problem problemOf(int status, String body, URI uri) {
        try {
            Problem problem = JSON.readValue(body, Problem.class);
            if (problem.title() != null) {
                return new Problem(problem.type(), problem.title(), status, problem.detail(), problem.instance(),
                        problem.problems(), problem.results());
            }
        } catch (JsonProcessingException notAProblem) {
            // quoted below
        }
        return Problem.of(status, "HTTP " + status, body == null || body.isBlank() ? "(no body)" : body,
                uri.getPath(), List.of());
    }

    private static String query(String... namesAndValues) {
        StringJoiner query = new StringJoiner("&", "?", "").setEmptyValue("");
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] != null) {
                query.add(namesAndValues[i] + "=" + encode(namesAndValues[i + 1]));
            }
        }
        return query.toString();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
