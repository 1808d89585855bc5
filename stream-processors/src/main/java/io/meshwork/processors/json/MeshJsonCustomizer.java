package io.meshwork.processors.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshwork.core.json.MeshJson;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/** Gives the mapper Quarkus builds for HTTP bodies the mesh's one JSON configuration. */
@Singleton
public class MeshJsonCustomizer implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        MeshJson.configure(mapper);
    }
}
