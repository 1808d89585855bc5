package io.meshwork.cli.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshwork.cli.Mesh;
import io.meshwork.core.contract.ContractLoader;
import io.meshwork.core.contract.DataContract;
import io.meshwork.core.json.JsonToAvro;
import io.meshwork.core.rules.RuleViolation;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.avro.SchemaCompatibility;
import org.junit.jupiter.api.Test;

/** The demo domains' contracts in schema-registry-config/: all valid, and their rules judge events as meant. */
class DemoContractsTest {

    private static final Path CONTRACTS = Path.of(System.getProperty("mesh.contracts.dir"));
    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyDemoContractIsValid() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        picocli.CommandLine commandLine = Mesh.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));

        int exit = commandLine.execute("contracts", "check", CONTRACTS.toString());

        assertThat(err.toString()).isEmpty();
        assertThat(exit).isZero();
        assertThat(out.toString()).contains("14 contract(s) and 5 domain(s) valid, 0 problem(s)");
    }

    @Test
    void orderPlacedV2AcceptsAGoodOrderAndNamesWhatIsWrongWithABadOne() throws Exception {
        DataContract contract = contracts().get("orders.order-placed.v2");
        String good = """
                {"orderId": "5f0c8a1e-9a44-4b5e-8a43-0c2f7d1e9b10", "customerId": "c-1", "restaurantId": "r-7",
                 "items": [{"sku": "pizza-margherita", "name": "Margherita", "quantity": 2, "unitPrice": 8.50}],
                 "price": {"subtotal": 17.00, "deliveryFee": 2.99, "discount": 1.00, "total": 18.99, "currency": "EUR"},
                 "deliveryAddress": {"street": "Torstrasse 1", "postalCode": "10119", "city": "Berlin",
                                     "lat": 52.53, "lon": 13.40},
                 "placedAt": "2026-11-22T11:59:30Z"}
                """;

        assertThat(violations(contract, good)).isEmpty();
        assertThat(violations(contract, good.replace("\"total\": 18.99", "\"total\": 20.00")
                .replace("\"EUR\"", "\"XYZ\"").replace("\"quantity\": 2", "\"quantity\": 0")))
                .containsExactly("positive-quantities", "total-adds-up", "known-currency");
    }

    @Test
    void orderPlacedV2IsABreakingChangeOfV1() {
        Map<String, DataContract> contracts = contracts();

        SchemaCompatibility.SchemaPairCompatibility v2ReadsV1 = SchemaCompatibility.checkReaderWriterCompatibility(
                contracts.get("orders.order-placed.v2").schema(), contracts.get("orders.order-placed.v1").schema());

        assertThat(v2ReadsV1.getType()).isEqualTo(SchemaCompatibility.SchemaCompatibilityType.INCOMPATIBLE);
        assertThat(v2ReadsV1.getResult().getIncompatibilities())
                .anySatisfy(i -> assertThat(i.getMessage()).contains("price"));
    }

    @Test
    void customerAndStatusRulesCatchWhatTheyPromise() throws Exception {
        Map<String, DataContract> contracts = contracts();
        String customer = """
                {"customerId": "c-1", "email": "ada@example.com", "phone": "+4930123456", "ipAddress": "203.0.113.7",
                 "address": {"street": "Torstrasse 1", "postalCode": "10119", "city": "Berlin", "country": "DE"},
                 "registeredAt": "2026-11-22T11:00:00Z"}
                """;
        DataContract registered = contracts.get("customers.customer-registered.v1");
        assertThat(violations(registered, customer)).isEmpty();
        assertThat(violations(registered, customer.replace("ada@example.com", "ada-at-example")
                .replace("+4930123456", "030 123456"))).containsExactly("email-shape", "phone-shape");

        DataContract status = contracts.get("orders.order-status-changed.v1");
        assertThat(violations(status, """
                {"orderId": "5f0c8a1e-9a44-4b5e-8a43-0c2f7d1e9b10", "status": "CANCELLED",
                 "previousStatus": "ACCEPTED", "changedAt": "2026-11-22T11:00:00Z"}
                """)).containsExactly("cancellation-has-reason");
    }

    private static List<String> violations(DataContract contract, String json) throws Exception {
        JsonToAvro.Result event = JsonToAvro.convert(JSON.readTree(json), contract.schema());
        assertThat(event.problems()).isEmpty();
        return contract.compiledRules().evaluate(event.record(), NOW).stream().map(RuleViolation::rule).toList();
    }

    private static Map<String, DataContract> contracts() {
        ContractLoader.FolderResult result = ContractLoader.loadFolder(CONTRACTS);
        assertThat(result.problems()).isEmpty();
        return result.contracts().stream().collect(Collectors.toMap(DataContract::topic, Function.identity()));
    }
}
