package io.meshwork.core.access;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Asks the gateway for a principal's Kafka credentials ({@code POST /v1/kafka/credentials}). */
public final class KafkaAccessClient {

    private static final ObjectMapper JSON = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private KafkaAccessClient() {
    }

    /** What the gateway answered when it did not hand out credentials. */
    public static final class Refused extends RuntimeException {

        private final int status;
        private final String body;

        Refused(int status, String body) {
            super("the gateway refused (HTTP " + status + "): " + body);
            this.status = status;
            this.body = body;
        }

        public int status() {
            return status;
        }

        public String body() {
            return body;
        }
    }

    /**
     * The credentials of the token's own principal, or (with an admin token) of {@code principal}.
     *
     * @throws Refused when the gateway says no, with its problem
     * @throws IllegalStateException when the gateway cannot be reached
     */
    public static KafkaClientCredentials credentials(URI gateway, String token, Optional<String> principal)
            throws InterruptedException {
        try {
            HttpRequest request = HttpRequest.newBuilder(gateway.resolve("/v1/kafka/credentials"))
                    .timeout(Duration.ofMinutes(1))
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + token)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(
                            principal.map(p -> Map.of("principal", p)).orElse(Map.of()))))
                    .build();
            HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new Refused(response.statusCode(), response.body());
            }
            return JSON.readValue(response.body(), KafkaClientCredentials.class);
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach the gateway at " + gateway + " (" + e.getMessage()
                    + "); is it running?", e);
        }
    }
}
