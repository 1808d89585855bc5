package io.meshwork.producers;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshwork.testkit.host.ChildProcess;
import io.meshwork.testkit.host.Folders;
import io.meshwork.testkit.host.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The packaged producers as a load generator: a target rate for a duration, then a summary, then exit. */
class LoadGeneratorIT {

    private static final Pattern TOTAL = Pattern.compile("total\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)");

    private final DemoMeshResource mesh = new DemoMeshResource();
    private Map<String, String> config;
    private Path work;

    @BeforeEach
    void startMesh() {
        config = mesh.start();
        work = Folders.temporary("load-generator-it-");
    }

    @AfterEach
    void stopMesh() {
        mesh.stop();
        Folders.delete(work);
    }

    @Test
    void runsAtTheTargetRateForTheDurationThenSumsUpAndExits() throws Exception {
        List<String> options = new ArrayList<>(List.of("-Xmx256m", "-Dquarkus.http.port=" + FreePorts.pick(),
                "-Dmesh.demo.duration=8s"));
        config.forEach((key, value) -> options.add("-D" + key + "=" + value));
        Path log = work.resolve("producers.log");

        ChildProcess producers = ChildProcess.startJava("load generator",
                List.of(Path.of(System.getProperty("mesh.producers.app"))), options,
                "io.quarkus.bootstrap.runner.QuarkusEntryPoint", List.of(), log);

        assertThat(producers.waitForExit(Duration.ofSeconds(90))).as("exited; log:\n%s", producers.logTail(30)).isTrue();
        assertThat(producers.exitValue()).as(producers.logTail(30)).isZero();
        String output = Files.readString(log);
        assertThat(output).contains("Producing demo events at 300.0/s for 8s", "Load summary:",
                "orders.order-placed.v2", "app-analytics.screen-viewed.v1");
        Matcher total = TOTAL.matcher(output);
        assertThat(total.find()).as(output).isTrue();
        long sent = Long.parseLong(total.group(1));
        assertThat(sent).isBetween(300L * 8 * 8 / 10, 300L * 8 * 11 / 10);
        assertThat(Long.parseLong(total.group(2))).isEqualTo(sent);
        assertThat(Long.parseLong(total.group(3)) + Long.parseLong(total.group(4))).isZero();
    }
}
