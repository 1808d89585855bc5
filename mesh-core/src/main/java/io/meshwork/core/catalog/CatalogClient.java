package io.meshwork.core.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshwork.core.contract.Classification;
import io.meshwork.core.rules.QualityRule;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;

/** Reads products from the gateway's catalog API ({@code /v1/products}) with a service token. */
public final class CatalogClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI gateway;
    private final Optional<String> token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public CatalogClient(URI gateway, Optional<String> token) {
        this.gateway = gateway;
        this.token = token;
    }

    /**
     * The product of a topic, or empty when the catalog has none.
     *
     * @throws IllegalStateException when the gateway cannot answer
     */
    public Optional<CatalogProduct> product(String topic) {
        return get("/v1/products/" + URLEncoder.encode(topic, StandardCharsets.UTF_8)).map(CatalogClient::product);
    }

    /** The topics of every product in the catalog. */
    public List<String> topics() {
        List<String> topics = new ArrayList<>();
        get("/v1/products").orElseThrow().forEach(p -> topics.add(p.path("topic").asText()));
        return topics;
    }

    private static CatalogProduct product(JsonNode body) {
        Map<String, Classification> classifications = new LinkedHashMap<>();
        body.path("classifications").fields().forEachRemaining(e -> Classification.of(e.getValue().asText())
                .ifPresent(c -> classifications.put(e.getKey(), c)));
        List<QualityRule> rules = new ArrayList<>();
        body.path("rules").forEach(r -> rules.add(new QualityRule(r.path("name").asText(), r.path("expression").asText(),
                r.path("description").asText(""))));
        return new CatalogProduct(body.path("topic").asText(), body.path("domain").asText(), body.path("schemaId").asInt(),
                new Schema.Parser().parse(body.path("schema").asText()),
                Optional.ofNullable(body.get("keyField")).map(JsonNode::asText), classifications, rules,
                Optional.ofNullable(body.get("freshness")).map(f -> Duration.parse(f.asText())),
                DerivationJson.read(body.get("derivation")));
    }

    private Optional<JsonNode> get(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(gateway.resolve(path)).timeout(Duration.ofSeconds(10));
        token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 404) {
                return Optional.empty();
            }
            if (response.statusCode() != 200) {
                throw new IllegalStateException("the catalog at " + gateway + " answered HTTP " + response.statusCode()
                        + " for " + path + ": " + response.body());
            }
            return Optional.of(JSON.readTree(response.body()));
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach the catalog at " + gateway + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking the catalog for " + path, e);
        }
    }
}
