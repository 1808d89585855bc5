package io.meshwork.core.contract.odcs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The demo contracts against the standard's published schema, read from {@code ../shared/reference/}. */
class OdcsSchemaTest {

    private static final OdcsSchema PUBLISHED = OdcsSchema.load(Path.of(
            "../../shared/reference/odcs/odcs-json-schema-v3.1.0.json"));

    @Test
    void everyDemoContractIsOdcs() throws Exception {
        try (Stream<Path> files = Files.walk(Path.of("../schema-registry-config"))) {
            for (Path file : files.filter(f -> f.getFileName().toString().matches(".+\\.v[0-9]+\\.yaml")).toList()) {
                assertThat(PUBLISHED.violations(LocatedYaml.parse(Files.readString(file)).tree())).as(file.toString())
                        .isEmpty();
            }
        }
    }

    @Test
    void placesEveryValueOnItsLine() throws Exception {
        LocatedYaml yaml = LocatedYaml.parse("""
                id: x
                schema:
                  - name: OrderPlaced
                    properties:
                      - name: total
                        classification: pii
                """);

        assertThat(yaml.line("/schema/0/properties/0/classification")).isEqualTo(6);
        assertThat(yaml.line("/schema/0/quality")).as("a missing value is where its parent is").isEqualTo(3);
        assertThat(LocatedYaml.field("/schema/0/properties/0/classification"))
                .isEqualTo("schema[0].properties[0].classification");
    }
}
