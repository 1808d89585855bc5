package io.meshwork.archiver;

import io.smallrye.config.ConfigMapping;
import java.util.Map;

/** The lake's table catalog, under {@code mesh.lake}. */
@ConfigMapping(prefix = "mesh.lake")
public interface LakeSettings {

    /**
     * Iceberg catalog properties ({@code mesh.lake.catalog.uri=jdbc:sqlite:lake-catalog.db},
     * {@code mesh.lake.catalog.type=rest}, {@code mesh.lake.catalog.jdbc.user=...}); the warehouse
     * and the S3 settings come from {@code mesh.s3}.
     */
    Map<String, String> catalog();
}
