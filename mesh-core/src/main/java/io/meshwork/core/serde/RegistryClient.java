package io.meshwork.core.serde;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshwork.core.api.registry.RegisteredSchema;
import io.meshwork.core.api.registry.RegistryError;
import io.meshwork.core.api.registry.SchemaId;
import io.meshwork.core.api.registry.SchemaRequest;
import io.meshwork.core.api.registry.SchemaString;
import io.meshwork.core.json.MeshJson;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.kafka.common.errors.SerializationException;

/**
 * A client of a Confluent-compatible schema registry that caches what does not change: a
 * schema's id per subject, and a schema per id. Safe to share between threads.
 */
public final class RegistryClient implements SchemaLookup {

    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = MeshJson.mapper();

    /** A subject's latest version. */
    public record Latest(int id, int version, Schema schema) {
    }

    private record SubjectSchema(String subject, Schema schema) {
    }

    private record CachedLatest(Latest latest, Instant until) {
    }

    private final SerdeConfig config;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final Map<SubjectSchema, Integer> ids = new ConcurrentHashMap<>();
    private final Map<Integer, Schema> schemas = new ConcurrentHashMap<>();
    private final Map<String, CachedLatest> latest = new ConcurrentHashMap<>();

    public RegistryClient(SerdeConfig config) {
        this.config = config;
    }

    /** Registers the schema under the subject (idempotently) and returns its id. */
    public int register(String subject, Schema schema) {
        return ids.computeIfAbsent(new SubjectSchema(subject, schema), key -> {
            int id = call("POST", "/subjects/" + encode(subject) + "/versions", body(schema),
                    "register the schema of " + schema.getFullName() + " under subject " + subject, SchemaId.class).id();
            schemas.putIfAbsent(id, schema);
            return id;
        });
    }

    /** The id the schema has under the subject, which must already have it. */
    public int idOf(String subject, Schema schema) {
        return ids.computeIfAbsent(new SubjectSchema(subject, schema), key -> {
            return call("POST", "/subjects/" + encode(subject), body(schema),
                    "look up the schema of " + schema.getFullName() + " under subject " + subject
                            + " (auto.register.schemas=false: register it first; for a class generated with stringType String,"
                            + " set avro.remove.java.properties=true)", RegisteredSchema.class).id();
        });
    }

    /** The schema with this id. */
    @Override
    public Schema schemaById(int id) {
        return schemas.computeIfAbsent(id, key -> {
            return new Schema.Parser().parse(call("GET", "/schemas/ids/" + id, null, "fetch the schema with id " + id,
                    SchemaString.class).schema());
        });
    }

    /** The subject's latest version, cached for {@code latest.cache.ttl.sec}. */
    public Latest latest(String subject) {
        CachedLatest cached = latest.get(subject);
        if (cached != null && Instant.now().isBefore(cached.until())) {
            return cached.latest();
        }
        RegisteredSchema answer = call("GET", "/subjects/" + encode(subject) + "/versions/latest", null,
                "fetch the latest version of subject " + subject, RegisteredSchema.class);
        Schema schema = new Schema.Parser().parse(answer.schema());
        Latest fresh = new Latest(answer.id(), answer.version(), schema);
        schemas.putIfAbsent(fresh.id(), schema);
        latest.put(subject, new CachedLatest(fresh, Instant.now().plus(config.latestCacheTtl())));
        return fresh;
    }

    private <T> T call(String method, String path, String body, String what, Class<T> answer) {
        SerializationException last = null;
        for (URI base : config.registryUrls()) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                    .timeout(TIMEOUT)
                    .header("Accept", CONTENT_TYPE)
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body));
            if (body != null) {
                request.header("Content-Type", CONTENT_TYPE);
            }
            config.authorization().ifPresent(value -> request.header("Authorization", value));
            HttpResponse<String> response;
            try {
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                last = new SerializationException("cannot " + what + ": the schema registry at " + base
                        + " is unreachable (" + e + ")", e);
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SerializationException("interrupted while trying to " + what, e);
            }
            if (response.statusCode() / 100 == 2) {
                return parse(response.body(), base, answer);
            }
            if (response.statusCode() >= 500) {
                last = failure(what, base, response);
                continue;
            }
            throw failure(what, base, response);
        }
        throw last;
    }

    private static SerializationException failure(String what, URI base, HttpResponse<String> response) {
        String detail;
        try {
            RegistryError error = JSON.readValue(response.body(), RegistryError.class);
            detail = (error.message() == null ? response.body() : error.message()) + " (error code "
                    + (error.errorCode() == 0 ? response.statusCode() : error.errorCode()) + ")";
        } catch (IOException notJson) {
            detail = "HTTP " + response.statusCode() + " " + response.body();
        }
        return new SerializationException("cannot " + what + ": the schema registry at " + base + " answered " + detail);
    }

    private static <T> T parse(String body, URI base, Class<T> answer) {
        try {
            return JSON.readValue(body, answer);
        } catch (IOException e) {
            throw new SerializationException("the schema registry at " + base + " answered with unreadable JSON", e);
        }
    }

    private static String body(Schema schema) {
        try {
            return JSON.writeValueAsString(SchemaRequest.avro(schema.toString()));
        } catch (IOException e) {
            throw new SerializationException(e);
        }
    }

    private static String encode(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
