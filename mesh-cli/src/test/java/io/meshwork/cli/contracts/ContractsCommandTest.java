package io.meshwork.cli.contracts;

import io.meshwork.cli.Mesh;
import io.meshwork.testkit.contracts.ContractYaml;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;

class ContractsCommandTest {

    private static final String SCHEMA = "{\"type\":\"record\",\"name\":\"OrderPlaced\",\"fields\":["
            + "{\"name\":\"orderId\",\"type\":\"string\"},{\"name\":\"email\",\"type\":\"string\"},"
            + "{\"name\":\"total\",\"type\":\"double\"}]}";
    private static final String CONTRACT = ContractYaml.of("orders", "order-placed").schemaName("OrderPlaced")
            .key("orderId").classify("email", "pii").rule("positive-total", "message.total > 0").yaml();

    @TempDir
    Path folder;

    @Test
    void listsValidContractsAndExitsZero() throws Exception {
        write("orders", CONTRACT);

        StringWriter out = new StringWriter();
        int exit = run(out, new StringWriter());

        assertThat(exit).isZero();
        assertThat(out.toString()).contains("ok  orders.order-placed.v1  (1.0.0, active, 1 rule(s), 1 PII field(s))")
                .contains("1 contract(s) and 0 domain(s) valid, 0 problem(s)");
    }

    @Test
    void printsEachProblemWithFileLineAndFieldAndExitsOne() throws Exception {
        write("orders", CONTRACT.replace("message.total > 0", "message.amount > 0").replace("status: active",
                "status: shipped"));

        StringWriter err = new StringWriter();
        int exit = run(new StringWriter(), err);

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString())
                .contains("order-placed.v1.yaml:7: status: status 'shipped' is not one of draft, active, deprecated, retired")
                .contains("order-placed.v1.yaml:24: schema[0].quality[0].implementation: rule 'positive-total' does not"
                        + " compile against OrderPlaced")
                .contains("undefined field 'amount'");
    }

    @Test
    void anEmptyFolderIsAnError() {
        StringWriter err = new StringWriter();

        assertThat(run(new StringWriter(), err)).isEqualTo(1);
        assertThat(err.toString()).contains("no contracts");
    }

    private void write(String domain, String contract) throws Exception {
        Path dir = Files.createDirectories(folder.resolve(domain));
        Files.writeString(dir.resolve("order-placed.v1.yaml"), contract);
        Files.writeString(dir.resolve("order-placed.v1.avsc"), SCHEMA);
    }

    private int run(StringWriter out, StringWriter err) {
        CommandLine commandLine = Mesh.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute("contracts", "check", folder.toString());
    }
}
