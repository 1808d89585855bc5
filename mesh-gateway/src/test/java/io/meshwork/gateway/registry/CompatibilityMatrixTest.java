package io.meshwork.gateway.registry;

import static io.meshwork.gateway.registry.RegistryApiTest.as;
import static io.meshwork.gateway.registry.RegistryApiTest.register;
import static io.meshwork.gateway.registry.RegistryApiTest.request;
import static io.meshwork.gateway.registry.Schemas.AMOUNT;
import static io.meshwork.gateway.registry.Schemas.AMOUNT_DEFAULT;
import static io.meshwork.gateway.registry.Schemas.AMOUNT_LONG;
import static io.meshwork.gateway.registry.Schemas.AMOUNT_STRING;
import static io.meshwork.gateway.registry.Schemas.FULL_NAME_ALIAS;
import static io.meshwork.gateway.registry.Schemas.ID;
import static io.meshwork.gateway.registry.Schemas.NAME;
import static io.meshwork.gateway.registry.Schemas.NOTE;
import static io.meshwork.gateway.registry.Schemas.NOTE_DEFAULT;
import static io.meshwork.gateway.registry.Schemas.order;
import static io.meshwork.gateway.registry.Schemas.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.meshwork.gateway.auth.TestTokens;
import io.meshwork.testkit.quarkus.MeshInfraTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each compatibility level against each kind of schema change, over HTTP. The expectations are
 * Avro's resolution rules: backward means the new schema reads old data, forward means old
 * schemas read new data, full means both.
 */
@QuarkusTest
@QuarkusTestResource(value = MeshInfraTestResource.class, initArgs = @ResourceArg(name = "s3", value = "false"))
@QuarkusTestResource(TestTokens.class)
class CompatibilityMatrixTest {

    private static final String ORDERS = TestTokens.producer("orders");
    private static final String BASE = order(ID, NAME, AMOUNT, status("PLACED", "DELIVERED"));

    /** A change, and whether it is backward and forward compatible. */
    record Change(String name, String schema, boolean backward, boolean forward) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Change> changes() {
        return Stream.of(
                new Change("add field with default", order(ID, NAME, AMOUNT, status("PLACED", "DELIVERED"), NOTE_DEFAULT),
                        true, true),
                new Change("add field without default", order(ID, NAME, AMOUNT, status("PLACED", "DELIVERED"), NOTE),
                        false, true),
                new Change("remove field", order(ID, NAME, status("PLACED", "DELIVERED")), true, false),
                new Change("change type int to string", order(ID, NAME, AMOUNT_STRING, status("PLACED", "DELIVERED")),
                        false, false),
                new Change("widen int to long", order(ID, NAME, AMOUNT_LONG, status("PLACED", "DELIVERED")), true, false),
                new Change("add enum symbol", order(ID, NAME, AMOUNT, status("PLACED", "DELIVERED", "CANCELLED")),
                        true, false),
                new Change("remove enum symbol", order(ID, NAME, AMOUNT, status("PLACED")), false, true),
                new Change("rename field through an alias", order(ID, FULL_NAME_ALIAS, AMOUNT, status("PLACED", "DELIVERED")),
                        true, false));
    }

    static Stream<Arguments> matrix() {
        return changes().flatMap(change -> Stream.of(CompatibilityLevel.values()).map(level -> Arguments.of(level, change)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("matrix")
    void judgesEachChangeUnderEachLevel(CompatibilityLevel level, Change change) {
        String subject = Schemas.subject("orders", "matrix");
        register(ORDERS, subject, BASE);
        as(ORDERS).body("{\"compatibility\":\"" + level + "\"}").put("/config/{s}", subject).then().statusCode(200);

        boolean expected = (!level.backward || change.backward()) && (!level.forward || change.forward());

        as(ORDERS).body(request(change.schema())).queryParam("verbose", true)
                .post("/compatibility/subjects/{s}/versions", subject)
                .then().statusCode(200).body("is_compatible", equalTo(expected));
        int status = as(ORDERS).body(request(change.schema())).post("/subjects/{s}/versions", subject)
                .then().extract().statusCode();
        assertThat(status).as("registering under %s", level).isEqualTo(expected ? 200 : 409);
    }

    @Test
    void transitiveLevelsCheckEveryVersionAndTheOthersOnlyTheLatest() {
        String v1 = order(ID, AMOUNT);
        String v2 = order(ID, AMOUNT_DEFAULT);
        String v3 = order(ID);
        for (CompatibilityLevel level : new CompatibilityLevel[] {CompatibilityLevel.FORWARD,
            CompatibilityLevel.FORWARD_TRANSITIVE}) {
            String subject = Schemas.subject("orders", "transitive");
            as(ORDERS).body("{\"compatibility\":\"" + level + "\"}").put("/config/{s}", subject);
            register(TestTokens.admin(), subject, v1);
            register(ORDERS, subject, v2);

            // v3 drops amount: v2 readers have a default for it, v1 readers do not.
            boolean compatible = as(ORDERS).body(request(v3)).post("/compatibility/subjects/{s}/versions", subject)
                    .then().statusCode(200).extract().path("is_compatible");

            assertThat(compatible).as(level.name()).isEqualTo(!level.transitive);
        }
    }
}
