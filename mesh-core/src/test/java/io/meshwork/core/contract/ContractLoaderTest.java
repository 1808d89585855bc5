package io.meshwork.core.contract;

import io.meshwork.core.contract.odcs.OdcsSchema;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class ContractLoaderTest {

    @TempDir
    Path dir;

    @Test
    void loadsAContractWithItsSchemaRulesClassificationsAndTopicLayout() throws Exception {
        ContractLoader.Result result = ContractLoader.load(fixture("orders/order-placed.v1.yaml"));

        assertThat(result.problems()).isEmpty();
        DataContract contract = result.contract().orElseThrow();
        assertThat(contract.topic()).isEqualTo("orders.order-placed.v1");
        assertThat(contract.subject()).isEqualTo("orders.order-placed.v1-value");
        assertThat(contract.domain()).isEqualTo("orders");
        assertThat(contract.version()).isEqualTo("1.2.0");
        assertThat(contract.status()).isEqualTo(ContractStatus.ACTIVE);
        assertThat(contract.team()).isEqualTo("orders-team");
        assertThat(contract.description()).isEqualTo("A customer placed an order.");
        assertThat(contract.schema().getFullName()).isEqualTo("io.meshwork.demo.orders.OrderPlaced");
        assertThat(contract.keyField()).contains("orderId");
        assertThat(contract.piiFields()).containsExactly("customerEmail");
        assertThat(contract.classificationOf("delivery.lat")).isEqualTo(Classification.RESTRICTED);
        assertThat(contract.classificationOf("orderId")).isEqualTo(Classification.PUBLIC);
        assertThat(contract.classificationOf("itemCount")).isEqualTo(Classification.PUBLIC);
        assertThat(contract.compiledRules().names()).containsExactly("positive-total", "not-in-future");
        assertThat(contract.freshness()).contains(Duration.ofMinutes(5));
        assertThat(contract.retention()).contains(Duration.ofDays(30));
        assertThat(contract.kafka()).isEqualTo(new KafkaServer(6, Duration.ofDays(14), "delete"));
    }

    @Test
    void readsTheDemosDerivations() {
        ContractLoader.FolderResult demo = ContractLoader.loadFolder(Path.of(System.getProperty("mesh.contracts.dir",
                "../schema-registry-config")));
        assertThat(demo.problems()).isEmpty();
        java.util.Map<String, DataContract> byTopic = new java.util.HashMap<>();
        demo.contracts().forEach(c -> byTopic.put(c.topic(), c));

        Derivation.Aggregation sales = (Derivation.Aggregation) byTopic.get("orders.restaurant-sales.v1").derivation()
                .orElseThrow();
        assertThat(sales.source()).isEqualTo("orders.order-placed.v2");
        assertThat(sales.size()).isEqualTo(Duration.ofMinutes(5));
        assertThat(sales.hopping()).isFalse();
        assertThat(sales.measures()).extracting(Derivation.Measure::function).containsExactly(Derivation.Function.COUNT,
                Derivation.Function.SUM, Derivation.Function.AVG, Derivation.Function.MAX);
        Derivation.Aggregation demand = (Derivation.Aggregation) byTopic.get("orders.city-demand.v1").derivation()
                .orElseThrow();
        assertThat(demand.hopping()).isTrue();
        assertThat(demand.keyField()).isEqualTo("city");
        Derivation.Enrichment enriched = (Derivation.Enrichment) byTopic.get("orders.order-placed-enriched.v1")
                .derivation().orElseThrow();
        assertThat(enriched.fields()).containsEntry("customerCity", "address.city");
        assertThat(enriched.onMissing()).isEqualTo(Derivation.OnMissing.EMIT);
        assertThat(byTopic.get("orders.order-placed.v2").derivation()).isEmpty();
    }

    @Test
    void saysWhatIsWrongWithADerivation() throws IOException {
        Files.writeString(dir.resolve("stats.v1.avsc"), """
                {"type": "record", "name": "Stats", "fields": [
                  {"name": "restaurantId", "type": "string"},
                  {"name": "windowStart", "type": {"type": "long", "logicalType": "timestamp-millis"}},
                  {"name": "orders", "type": "int"},
                  {"name": "segment", "type": "string"}]}""");
        String header = minimal().replace("order-placed", "stats");
        Files.writeString(dir.resolve("stats.v1.yaml"), header + """
                customProperties:
                  - property: derivation
                    value:
                      aggregate:
                        source: orders.order-placed.v2
                        groupBy: restaurantId
                        window: {size: PT5M, advance: PT10M}
                        measures:
                          - {name: orders, function: count}
                          - {name: revenue, function: median, field: price.total}
                """);

        List<String> problems = ContractLoader.load(dir.resolve("stats.v1.yaml")).problems().stream()
                .map(ContractProblem::toString).toList();

        assertThat(problems).anySatisfy(p -> assertThat(p).contains("advance PT10M is longer than the window's size PT5M"))
                .anySatisfy(p -> assertThat(p).contains("function 'median' is not one of count, sum, avg, min, max"))
                .anySatisfy(p -> assertThat(p).contains("Stats must have a field orders of type long for the measure, not int"))
                .anySatisfy(p -> assertThat(p).contains("Stats must have a field windowEnd of type long"));

        Files.writeString(dir.resolve("stats.v1.yaml"), header + """
                customProperties:
                  - property: derivation
                    value:
                      enrich:
                        stream: orders.order-placed.v2
                        table: customers.customer-registered.v1
                        joinKey: customerId
                        fields: {segment: segment}
                """);
        assertThat(ContractLoader.load(dir.resolve("stats.v1.yaml")).problems()).singleElement().asString()
                .contains("'segment' must be nullable").contains("onMissing: emit");
    }

    @Test
    void loadsAContractSentAsText() throws Exception {
        Path file = fixture("orders/order-placed.v1.yaml");
        String yaml = Files.readString(file);
        String avsc = Files.readString(fixture("orders/order-placed.v1.avsc"));

        assertThat(ContractLoader.schemaFileOf(yaml)).contains("order-placed.v1.avsc");
        ContractLoader.Result result = ContractLoader.load(ContractLoader.Source.of(Path.of("orders/order-placed.v1.yaml"),
                yaml, java.util.Map.of("order-placed.v1.avsc", avsc)));
        assertThat(result.problems()).isEmpty();
        assertThat(result.contract().orElseThrow().topic()).isEqualTo("orders.order-placed.v1");

        ContractLoader.Result missing = ContractLoader.load(ContractLoader.Source.of(Path.of("orders/order-placed.v1.yaml"),
                yaml, java.util.Map.of()));
        assertThat(missing.problems()).singleElement().asString().contains("order-placed.v1.avsc does not exist");
    }

    @Test
    void loadsEveryContractOfAFolder() throws Exception {
        ContractLoader.FolderResult result = ContractLoader.loadFolder(fixture("orders/order-placed.v1.yaml").getParent().getParent());

        assertThat(result.problems()).isEmpty();
        assertThat(result.contracts()).extracting(DataContract::topic).containsExactly("orders.order-placed.v1");
    }

    @Test
    void reportsEveryProblemWithItsLineAndField() throws IOException {
        Path contract = write("order-placed.v1.yaml", """
                apiVersion: v3.1.0
                kind: DataContract
                id: orders.order-placed.v2
                domain: Orders
                dataProduct: order-placed
                version: one
                status: live
                team:
                  name: orders-team
                schema:
                  - name: OrderPlaced
                    authoritativeDefinitions:
                      - type: avroSchema
                        url: order-placed.v1.avsc
                    properties:
                      - name: orderID
                        primaryKey: true
                      - name: email
                        classification: pii
                      - name: customerEmail
                        classification: secret
                    quality:
                      - name: positive-total
                        type: custom
                        engine: cel
                        implementation: message.totl > 0
                servers:
                  - server: mesh
                    type: kafka
                    host: mesh
                    customProperties:
                      - property: partitions
                        value: 0
                      - property: retention
                        value: 7 days
                qualty: []
                """);

        List<String> problems = render(ContractLoader.load(contract).problems());

        assertThat(problems).containsExactlyInAnyOrder(
                "order-placed.v1.yaml:4: domain: domain 'Orders' is not lower-kebab case (like order-placed):"
                        + " lowercase letters and digits, words joined by single hyphens, starting with a letter",
                "order-placed.v1.yaml:6: version: version 'one' is not a semantic version like 1.0.0",
                "order-placed.v1.yaml:7: status: status 'live' is not one of draft, active, deprecated, retired",
                "order-placed.v1.yaml:16: schema[0].properties[0].name: key field 'orderID' is not a field of"
                        + " OrderPlaced; fields are orderId, customerEmail, total, currency, placedAt, itemCount, voucher,"
                        + " delivery, tags",
                "order-placed.v1.yaml:18: schema[0].properties[1].name: 'email' is not a field of OrderPlaced (nested"
                        + " fields are written as parent.child); fields are orderId, customerEmail, total, currency,"
                        + " placedAt, itemCount, voucher, delivery, tags",
                "order-placed.v1.yaml:21: schema[0].properties[2].classification: classification 'secret' is not one"
                        + " of pii, restricted, public",
                "order-placed.v1.yaml:26: schema[0].quality[0].implementation: rule 'positive-total' does not compile"
                        + " against OrderPlaced: ERROR: positive-total:1:8: undefined field 'totl'  | message.totl > 0"
                        + "  | .......^",
                "order-placed.v1.yaml:33: servers[0].customProperties[0].value: partitions must be a whole number from"
                        + " 1 to 1000, is '0'",
                "order-placed.v1.yaml:35: servers[0].customProperties[1].value: '7 days' is not an ISO-8601 duration"
                        + " such as PT5M, PT48H or P7D",
                "order-placed.v1.yaml:36: qualty: unknown key 'qualty'; an ODCS v3.1.0 contract has apiVersion,"
                        + " authoritativeDefinitions, contractCreatedTs, customProperties, dataProduct, description,"
                        + " domain, id, kind, name, price, roles, schema, servers, slaDefaultElement, slaProperties,"
                        + " status, support, tags, team, tenant, version");
    }

    @Test
    void refusesAContractThatIsNotOdcs() throws IOException {
        assertThat(OdcsSchema.configured()).as("the build names the published ODCS schema in " + OdcsSchema.ENVIRONMENT)
                .isPresent();
        Path contract = write("order-placed.v1.yaml", minimal().replace("team:\n  name: orders-team\n",
                "team: orders-team\n") + """
                servers:
                  - server: mesh
                    type: kafka
                    partitions: 6
                """);

        assertThat(render(ContractLoader.load(contract).problems())).contains(
                "order-placed.v1.yaml:15: servers[0].host: required by ODCS v3.1.0, but missing",
                "order-placed.v1.yaml:17: servers[0].partitions: unknown key 'partitions'; ODCS v3.1.0 has no such key"
                        + " here")
                .contains("order-placed.v1.yaml:8: team: not ODCS v3.1.0: string found, object expected")
                .noneSatisfy(p -> assertThat(p).contains("one and only one schema"));
    }

    @Test
    void refusesAnOlderStandard() throws IOException {
        Path contract = write("order-placed.v1.yaml", minimal().replace("v3.1.0", "v3.0.2"));

        assertThat(render(ContractLoader.load(contract).problems())).containsExactly(
                "order-placed.v1.yaml:1: apiVersion: apiVersion 'v3.0.2' is not supported; use v3.1.0 (ODCS v3.1.0)");
    }

    @Test
    void requiresTheIdToBeTheTopic() throws IOException {
        Path contract = write("order-placed.v1.yaml", minimal().replace("id: orders.order-placed.v1",
                "id: orders.order-placed.v2"));

        assertThat(render(ContractLoader.load(contract).problems())).containsExactly(
                "order-placed.v1.yaml:3: id: id 'orders.order-placed.v2' must be the topic orders.order-placed.v1"
                        + " (<domain>.<dataProduct>.v<major of version>)");
    }

    @Test
    void namesWhatIsMissing() throws IOException {
        Path contract = write("order-placed.v1.yaml", """
                apiVersion: v3.1.0
                kind: DataContract
                domain: orders
                dataProduct: order-placed
                version: 1.0.0
                status: draft
                """);

        assertThat(render(ContractLoader.load(contract).problems())).containsExactly(
                "order-placed.v1.yaml:1: id: required, but missing",
                "order-placed.v1.yaml:1: team: missing; name the owning team as team: {name: <team>}",
                "order-placed.v1.yaml:1: schema: missing; declare the event as schema: [{name: ..., authoritativeDefinitions:"
                        + " [{type: avroSchema, url: <file>.avsc}]}]");
    }

    @Test
    void reportsAMissingOrBrokenSchemaFile() throws IOException {
        Path missing = write("order-placed.v1.yaml", minimal().replace("order-placed.v1.avsc", "nope.avsc"));
        assertThat(render(ContractLoader.load(missing).problems())).singleElement().asString()
                .startsWith("order-placed.v1.yaml:14: schema[0].authoritativeDefinitions[0].url: schema file ")
                .endsWith("nope.avsc does not exist; put the .avsc beside the contract");

        Files.writeString(dir.resolve("order-placed.v1.avsc"), "{\"type\": \"record\", \"name\": \"Broken\", \"fields\": [{\"name\": \"x\"}]}");
        Path broken = write("order-placed.v1.yaml", minimal());
        assertThat(render(ContractLoader.load(broken).problems())).singleElement().asString()
                .startsWith("order-placed.v1.avsc: not a valid Avro schema: ");
    }

    @Test
    void reportsYamlThatDoesNotParseWithItsLine() throws IOException {
        Path contract = write("order-placed.v1.yaml", "apiVersion: v3.1.0\nkind: [DataContract\nid: x\n");

        assertThat(ContractLoader.load(contract).problems()).singleElement()
                .satisfies(p -> {
                    assertThat(p.line()).isGreaterThan(1);
                    assertThat(p.message()).startsWith("not valid YAML: ");
                });
    }

    @Test
    void refusesTwoContractsForOneTopic() throws IOException {
        write("order-placed.v1.yaml", minimal());
        Files.createDirectories(dir.resolve("copy"));
        Files.copy(dir.resolve("order-placed.v1.yaml"), dir.resolve("copy/order-placed.v1.yaml"));
        Files.copy(dir.resolve("order-placed.v1.avsc"), dir.resolve("copy/order-placed.v1.avsc"));

        ContractLoader.FolderResult result = ContractLoader.loadFolder(dir);

        assertThat(result.contracts()).hasSize(1);
        assertThat(result.problems()).singleElement().asString()
                .contains("topic orders.order-placed.v1 is already declared by");
    }

    private Path write(String name, String yaml) throws IOException {
        Path avsc = dir.resolve("order-placed.v1.avsc");
        if (!Files.exists(avsc)) {
            Files.copy(fixture("orders/order-placed.v1.avsc"), avsc);
        }
        return Files.writeString(dir.resolve(name), yaml);
    }

    private static String minimal() {
        return """
                apiVersion: v3.1.0
                kind: DataContract
                id: orders.order-placed.v1
                domain: orders
                dataProduct: order-placed
                version: 1.0.0
                status: draft
                team:
                  name: orders-team
                schema:
                  - name: OrderPlaced
                    authoritativeDefinitions:
                      - type: avroSchema
                        url: order-placed.v1.avsc
                """;
    }

    private List<String> render(List<ContractProblem> problems) {
        return problems.stream().map(p -> new ContractProblem(p.file().getFileName(), p.line(), p.field(), p.message())
                .toString()).toList();
    }

    private static Path fixture(String name) {
        try {
            return Path.of(ContractLoaderTest.class.getResource("/contracts/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
