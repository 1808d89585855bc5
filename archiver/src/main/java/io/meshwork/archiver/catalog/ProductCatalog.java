package io.meshwork.archiver.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshwork.archiver.ArchiverSettings;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Products by topic from the gateway ({@code GET /v1/products/{topic}}). A known product is cached;
 * an unknown one is asked about again on the next call, since its contract may be applied any time.
 */
public class ProductCatalog {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI gateway;
    private final Optional<String> token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, ProductInfo> known = new ConcurrentHashMap<>();

    public ProductCatalog(ArchiverSettings settings) {
        this(settings.gatewayUrl(), settings.token());
    }

    public ProductCatalog(URI gateway, Optional<String> token) {
        this.gateway = gateway;
        this.token = token;
    }

    /**
     * The product of a topic, or empty when the catalog has none.
     *
     * @throws IllegalStateException when the gateway cannot answer
     */
    public Optional<ProductInfo> product(String topic) {
        ProductInfo cached = known.get(topic);
        if (cached != null) {
            return Optional.of(cached);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(gateway.resolve("/v1/products/"
                + URLEncoder.encode(topic, StandardCharsets.UTF_8))).timeout(Duration.ofSeconds(10));
        token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 404) {
                return Optional.empty();
            }
            if (response.statusCode() != 200) {
                throw new IllegalStateException("the catalog at " + gateway + " answered HTTP " + response.statusCode()
                        + " for " + topic + ": " + response.body());
            }
            JsonNode body = JSON.readTree(response.body());
            Set<String> pii = new HashSet<>();
            body.path("piiFields").forEach(field -> pii.add(field.asText()));
            ProductInfo product = new ProductInfo(topic, body.path("domain").asText(), Set.copyOf(pii));
            known.put(topic, product);
            return Optional.of(product);
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach the catalog at " + gateway + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking the catalog about " + topic, e);
        }
    }
}
