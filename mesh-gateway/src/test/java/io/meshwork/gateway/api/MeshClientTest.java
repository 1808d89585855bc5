package io.meshwork.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshwork.core.api.MeshApiException;
import io.meshwork.core.api.MeshClient;
import io.meshwork.core.api.PublishReport;
import io.meshwork.core.api.SubscriptionRequest;
import io.meshwork.gateway.TestContracts;
import io.meshwork.gateway.auth.TestTokens;
import io.meshwork.testkit.quarkus.MeshInfraTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The one client of the gateway's API, against the gateway's own resources: every call reads its typed answer. */
@QuarkusTest
@QuarkusTestResource(value = MeshInfraTestResource.class, initArgs = @ResourceArg(name = "s3", value = "false"))
@QuarkusTestResource(TestTokens.class)
class MeshClientTest {

    private static final String PRODUCT = "clients.card-issued.v1";
    private static final String SCHEMA = "{\"type\":\"record\",\"name\":\"CardIssued\",\"namespace\":\"io.meshwork.test\","
            + "\"fields\":[{\"name\":\"id\",\"type\":\"string\"},{\"name\":\"holder\",\"type\":\"string\"}]}";

    @TestHTTPResource("/")
    URI gateway;

    private MeshClient admin;

    @BeforeEach
    void product() {
        admin = MeshClient.of(gateway, TestTokens.admin());
        admin.apply(TestContracts.request("clients", "card-issued", TestContracts.yaml("clients", "card-issued",
                "active", 1, "id", Map.of("holder", "pii"), ""), SCHEMA), false, "client test");
    }

    @Test
    void readsTheCatalog() {
        assertThat(admin.products("clients", null)).extracting("topic").contains(PRODUCT);
        assertThat(admin.product(PRODUCT).orElseThrow().piiFields()).containsExactly("holder");
        assertThat(admin.product("clients.no-such-thing.v1")).isEmpty();
        assertThat(admin.domains()).extracting("domain").contains("clients");
        assertThat(admin.quality(PRODUCT)).as("no report before the monitor runs").isEmpty();
    }

    @Test
    void publishesAndSaysPerEventWhatHappened() {
        MeshClient producer = MeshClient.of(gateway, TestTokens.producer("clients"));

        MeshClient.Published published = producer.publish(PRODUCT, "[{\"id\": \"c-1\", \"holder\": \"Ada\"},"
                + " {\"id\": \"c-2\"}]", "application/json");

        assertThat(published.status()).isEqualTo(207);
        PublishReport report = published.report().orElseThrow();
        assertThat(report.accepted()).isEqualTo(1);
        assertThat(report.rejected()).isEqualTo(1);
        assertThat(producer.reprocess("clients").results()).isNotEmpty();
        assertThat(MeshClient.of(gateway, TestTokens.producer("other")).publish(PRODUCT, "[{\"id\": \"c-3\"}]",
                "application/json").refusal().orElseThrow().status()).isEqualTo(403);
    }

    @Test
    void managesSubscriptionsGrantsAndKafkaAccess() {
        MeshClient ops = MeshClient.of(gateway, TestTokens.consumer("card-ops"));
        MeshClient clients = MeshClient.of(gateway, TestTokens.producer("clients"));

        assertThat(ops.putSubscription("cards", null, new SubscriptionRequest(List.of(PRODUCT), null, List.of("id")),
                "test").created()).isTrue();
        assertThat(ops.subscriptions(null)).extracting("name").containsExactly("cards");
        assertThat(ops.subscription("cards", null).orElseThrow().deliveryTopic()).isEqualTo("_sub.card-ops.cards");
        assertThat(clients.grant(PRODUCT, "card-ops", "support needs names").consumer()).isEqualTo("card-ops");
        assertThat(admin.grants(PRODUCT)).extracting("consumer").contains("card-ops");
        assertThat(clients.revoke(PRODUCT, "card-ops", "done")).isTrue();
        assertThat(clients.revoke(PRODUCT, "card-ops", "again")).isFalse();
        assertThat(ops.removeSubscription("cards", null, "done")).isTrue();
        assertThat(ops.subscription("cards", null)).isEmpty();

        assertThat(ops.credentials(Optional.empty()).principal()).isEqualTo("card-ops");
        assertThat(ops.acls(null)).isNotEmpty();
        assertThatThrownBy(() -> ops.acls("mesh-gateway")).isInstanceOfSatisfying(MeshApiException.class,
                refused -> assertThat(refused.problem().title()).isEqualTo("Not your access"));
    }
}
