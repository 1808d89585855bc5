package io.meshwork.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DomainLoaderTest {

    private static final Path FILE = Path.of("orders/domain.yaml");

    @Test
    void loadsADomainAndMatchesSourceAddresses() {
        DomainLoader.Result result = DomainLoader.load(FILE, """
                domain: orders
                team: orders-team
                contacts: [orders-team@example.com]
                tokenSubjects: [orders-service]
                allowlist: [10.0.0.0/8, 127.0.0.1/32, "::1/128"]
                quota:
                  eventsPerSecond: 500
                """);

        assertThat(result.problems()).isEmpty();
        DomainDefinition domain = result.domain().orElseThrow();
        assertThat(domain.team()).isEqualTo("orders-team");
        assertThat(domain.tokenSubjects()).containsExactly("orders-service");
        assertThat(domain.eventsPerSecond()).contains(500);
        assertThat(domain.allows("10.42.0.7")).isTrue();
        assertThat(domain.allows("127.0.0.1")).isTrue();
        assertThat(domain.allows("127.0.0.2")).isFalse();
        assertThat(domain.allows("0:0:0:0:0:0:0:1")).isTrue();
        assertThat(domain.allows("192.168.1.1")).isFalse();
        assertThat(domain.allows("not-an-address")).isFalse();
    }

    @Test
    void anEmptyAllowlistAllowsEveryone() {
        DomainDefinition domain = DomainLoader.load(FILE, "domain: orders\nteam: t\n").domain().orElseThrow();

        assertThat(domain.allows("203.0.113.9")).isTrue();
        assertThat(domain.eventsPerSecond()).isEmpty();
    }

    @Test
    void refusesATokenSubjectThatCannotNameAKafkaPrincipal() {
        DomainLoader.Result result = DomainLoader.load(FILE, """
                domain: orders
                team: orders-team
                tokenSubjects:
                  - orders-service
                  - mesh-gateway
                  - "orders service"
                """);

        assertThat(result.problems()).extracting(ContractProblem::toString).containsExactly(
                "orders/domain.yaml:5: tokenSubjects[1]: 'mesh-gateway' starts with mesh-, which is reserved for the"
                        + " mesh's own services",
                "orders/domain.yaml:6: tokenSubjects[2]: 'orders service' cannot name a Kafka principal: use lowercase"
                        + " letters, digits and hyphens, at most 100 characters");
    }

    @Test
    void reportsEveryProblemWithItsLine() {
        DomainLoader.Result result = DomainLoader.load(FILE, """
                domain: Orders
                allowlist: [10.0.0.0/33, example.com/8]
                quota:
                  eventsPerSecond: lots
                owner: me
                """);

        assertThat(result.problems()).extracting(ContractProblem::toString).containsExactlyInAnyOrder(
                "orders/domain.yaml:5: owner: unknown key 'owner'; a domain has allowlist, contacts, domain, quota,"
                        + " team, tokenSubjects",
                "orders/domain.yaml:1: domain: domain 'Orders' is not lower-kebab case (like order-placed): lowercase"
                        + " letters and digits, words joined by single hyphens, starting with a letter",
                "orders/domain.yaml:1: team: required: a single value",
                "orders/domain.yaml:2: allowlist[0]: '10.0.0.0/33' is not a network in CIDR notation, like 10.0.0.0/8"
                        + " or ::1/128",
                "orders/domain.yaml:2: allowlist[1]: 'example.com/8' is not a network in CIDR notation, like"
                        + " 10.0.0.0/8 or ::1/128",
                "orders/domain.yaml:4: quota.eventsPerSecond: eventsPerSecond must be a positive whole number, is 'lots'");
    }
}
