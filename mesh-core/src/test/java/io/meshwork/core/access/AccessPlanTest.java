package io.meshwork.core.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

class AccessPlanTest {

    private static final AccessView.Product ORDERS = new AccessView.Product("orders.order-placed.v1", "orders", false, false);
    private static final AccessView.Product SALES = new AccessView.Product("orders.restaurant-sales.v1", "orders", false, true);
    private static final AccessView.Product CUSTOMERS = new AccessView.Product("customers.customer-registered.v1",
            "customers", true, false);

    private static AccessView view(Set<String> grants, List<Registration> registered) {
        return new AccessView(List.of(AccessView.Domain.of("orders", List.of("orders-service")),
                AccessView.Domain.of("customers", List.of())), List.of(ORDERS, SALES, CUSTOMERS), grants, registered,
                AccessView.ServiceIds.defaults());
    }

    private static Registration consumer(String name) {
        return new Registration(name, Registration.Role.CONSUMER, name, Instant.EPOCH);
    }

    private static boolean allows(Set<AclBinding> rules, ResourceType type, String resource, AclOperation operation) {
        return rules.stream().anyMatch(b -> b.pattern().resourceType() == type && b.entry().operation() == operation
                && (b.pattern().patternType() == PatternType.LITERAL
                ? b.pattern().name().equals(resource) || b.pattern().name().equals("*")
                : resource.startsWith(b.pattern().name())));
    }

    @Test
    void aDomainWritesItsOwnProductsButNotItsDerivedOnesNorAnotherDomains() {
        Set<AclBinding> orders = AccessPlan.of(view(Set.of(), List.of())).get("orders-service");

        assertThat(allows(orders, ResourceType.TOPIC, ORDERS.topic(), AclOperation.WRITE)).isTrue();
        assertThat(allows(orders, ResourceType.TOPIC, SALES.topic(), AclOperation.WRITE)).as("derived").isFalse();
        assertThat(allows(orders, ResourceType.TOPIC, SALES.topic(), AclOperation.READ)).isTrue();
        assertThat(allows(orders, ResourceType.TOPIC, CUSTOMERS.topic(), AclOperation.WRITE)).isFalse();
        assertThat(allows(orders, ResourceType.TOPIC, "_mesh.dlq.orders", AclOperation.READ)).isTrue();
        assertThat(allows(orders, ResourceType.TOPIC, "_mesh.dlq.customers", AclOperation.READ)).isFalse();
        assertThat(allows(orders, ResourceType.TRANSACTIONAL_ID, "orders-service.checkout", AclOperation.WRITE)).isTrue();
        assertThat(allows(orders, ResourceType.TRANSACTIONAL_ID, "customers-service.x", AclOperation.WRITE)).isFalse();
    }

    @Test
    void aDomainWithoutTokenSubjectsActsThroughItsDefaultService() {
        assertThat(AccessPlan.of(view(Set.of(), List.of())).get("customers-service"))
                .anyMatch(b -> b.pattern().name().equals(CUSTOMERS.topic()) && b.entry().operation() == AclOperation.WRITE);
    }

    @Test
    void aConsumerReadsPersonalDataOnlyWithAGrant() {
        Set<AclBinding> without = AccessPlan.of(view(Set.of(), List.of(consumer("billing")))).get("billing");
        Set<AclBinding> with = AccessPlan.of(view(Set.of(CUSTOMERS.topic() + "/billing"), List.of(consumer("billing"))))
                .get("billing");

        assertThat(allows(without, ResourceType.TOPIC, ORDERS.topic(), AclOperation.READ)).isTrue();
        assertThat(allows(without, ResourceType.TOPIC, CUSTOMERS.topic(), AclOperation.READ)).isFalse();
        assertThat(allows(without, ResourceType.TOPIC, CUSTOMERS.topic(), AclOperation.DESCRIBE)).isFalse();
        assertThat(allows(with, ResourceType.TOPIC, CUSTOMERS.topic(), AclOperation.READ)).isTrue();
        assertThat(without).noneMatch(b -> b.entry().operation() == AclOperation.WRITE);
    }

    @Test
    void aConsumerReadsItsOwnDeliveriesAndUsesGroupsUnderItsOwnPrefix() {
        Set<AclBinding> billing = AccessPlan.of(view(Set.of(), List.of(consumer("billing"), consumer("billing-ops"))))
                .get("billing");

        assertThat(allows(billing, ResourceType.TOPIC, "_sub.billing.big-orders", AclOperation.READ)).isTrue();
        assertThat(allows(billing, ResourceType.TOPIC, "_sub.billing-ops.all", AclOperation.READ))
                .as("another consumer's deliveries, though its name starts the same").isFalse();
        assertThat(allows(billing, ResourceType.GROUP, "billing.invoicer", AclOperation.READ)).isTrue();
        assertThat(allows(billing, ResourceType.GROUP, "billing-ops.invoicer", AclOperation.READ)).isFalse();
        assertThat(allows(billing, ResourceType.TOPIC, "_mesh.grants", AclOperation.READ)).isFalse();
    }

    @Test
    void internalTopicsBelongToTheServicesThatNeedThem() {
        Map<String, Set<AclBinding>> plan = AccessPlan.of(view(Set.of(), List.of(consumer("billing"))));

        assertThat(allows(plan.get(MeshPrincipals.GATEWAY), ResourceType.TOPIC, "_mesh.schemas", AclOperation.WRITE)).isTrue();
        assertThat(allows(plan.get(MeshPrincipals.PROCESSORS), ResourceType.TOPIC, "_mesh.grants", AclOperation.READ)).isTrue();
        assertThat(allows(plan.get(MeshPrincipals.PROCESSORS), ResourceType.TOPIC, "_mesh.schemas", AclOperation.READ)).isFalse();
        assertThat(allows(plan.get(MeshPrincipals.PROCESSORS), ResourceType.TOPIC, SALES.topic(), AclOperation.WRITE)).isTrue();
        assertThat(allows(plan.get(MeshPrincipals.PROCESSORS), ResourceType.TOPIC, ORDERS.topic(), AclOperation.WRITE)).isFalse();
        assertThat(allows(plan.get(MeshPrincipals.ARCHIVER), ResourceType.TOPIC, CUSTOMERS.topic(), AclOperation.READ)).isTrue();
        assertThat(plan.get(MeshPrincipals.ARCHIVER)).noneMatch(b -> b.entry().operation() == AclOperation.WRITE);
        plan.forEach((principal, rules) -> assertThat(rules).as(principal)
                .noneMatch(b -> b.pattern().resourceType() == ResourceType.CLUSTER && b.entry().operation() == AclOperation.ALTER));
    }

    @Test
    void anAdminReachesEverythingButAcls() {
        Set<AclBinding> admin = AccessPlan.of(view(Set.of(), List.of(new Registration("ops", Registration.Role.ADMIN, "ops",
                Instant.EPOCH)))).get("ops");

        assertThat(allows(admin, ResourceType.TOPIC, CUSTOMERS.topic(), AclOperation.ALL)).isTrue();
        assertThat(allows(admin, ResourceType.CLUSTER, AccessPlan.CLUSTER_NAME, AclOperation.ALTER)).isFalse();
    }

    @Test
    void everyRuleAllowsAndNamesItsOwnPrincipal() {
        AccessPlan.of(view(Set.of(), List.of(consumer("billing")))).forEach((principal, rules) ->
                assertThat(rules).isNotEmpty().allSatisfy(b -> {
                    assertThat(b.entry().principal()).isEqualTo("User:" + principal);
                    assertThat(b.entry().permissionType().name()).isEqualTo("ALLOW");
                }));
    }

    @Test
    void principalNamesMustBeSafeAndNotTheMeshs() {
        assertThat(MeshPrincipals.checkName("billing")).isEmpty();
        assertThat(MeshPrincipals.checkName("mesh-archiver")).hasValueSatisfying(p -> assertThat(p).contains("reserved"));
        assertThat(MeshPrincipals.checkName("Bill,ing")).isPresent();
        assertThat(MeshPrincipals.checkName(null)).isPresent();
    }
}
