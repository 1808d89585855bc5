package io.meshwork.core.json;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The one JSON configuration of the mesh, for HTTP bodies and control records alike: instants and
 * durations as ISO-8601 text, unknown properties ignored so that a newer writer does not break an
 * older reader. The Quarkus services configure their own mapper the same way.
 */
public final class MeshJson {

    private static final ObjectMapper MAPPER = configure(new ObjectMapper());

    private MeshJson() {
    }

    /** The shared mapper; thread-safe, not to be reconfigured. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Applies the mesh's configuration to a mapper, e.g. the one Quarkus builds, and returns it. */
    public static ObjectMapper configure(ObjectMapper mapper) {
        return mapper.registerModule(new JavaTimeModule())
                .registerModule(new Jdk8Module())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE);
    }
}
