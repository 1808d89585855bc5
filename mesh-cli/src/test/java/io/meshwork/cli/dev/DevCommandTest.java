package io.meshwork.cli.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meshwork.cli.Mesh;
import io.meshwork.testkit.host.ChildProcess;
import io.meshwork.testkit.host.FreePorts;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Runs {@code mesh dev} as a real process, and drives it with other {@code mesh dev} invocations. */
class DevCommandTest {

    @TempDir
    Path home;

    @Test
    void startsReportsRefusesASecondStartAndStopsOnRequest() throws Exception {
        List<String> options = List.of("--data-dir", home.toString(),
                "--kafka-port", String.valueOf(FreePorts.pick()),
                "--kafka-controller-port", String.valueOf(FreePorts.pick()),
                "--s3-port", String.valueOf(FreePorts.pick()),
                "--gateway-port", String.valueOf(FreePorts.pick()), "--processors-port", String.valueOf(FreePorts.pick()),
                "--no-demo");
        List<String> devArgs = new ArrayList<>(List.of("dev"));
        devArgs.addAll(options);
        ChildProcess dev = ChildProcess.startJava("mesh dev", ChildProcess.currentClasspath(),
                List.of("-Dmesh.s3proxy.jar=" + System.getProperty("mesh.s3proxy.jar"),
                        "-Dmesh.gateway.app=" + System.getProperty("mesh.gateway.app"),
                        "-Dmesh.archiver.app=" + System.getProperty("mesh.archiver.app"),
                        "-Dmesh.processors.app=" + System.getProperty("mesh.processors.app")), Mesh.class.getName(),
                devArgs, home.resolve("mesh-dev.out"));
        try {
            await().atMost(Duration.ofSeconds(120)).until(() -> {
                dev.requireAlive();
                return Files.readString(home.resolve("mesh-dev.out")).contains("Meshwork dev mesh is up");
            });
            assertThat(Files.readString(home.resolve("mesh-dev.out")))
                    .contains("Kafka   bootstrap servers  localhost:" + options.get(3))
                    .contains("S3      endpoint           http://localhost:" + options.get(7));

            Result token = mesh("token", "--domain", "orders", "--data-dir", home.toString());
            assertThat(token.exitCode()).isZero();
            HttpResponse<String> subjects = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://localhost:" + options.get(9) + "/registry/subjects"))
                    .header("Authorization", "Bearer " + token.out().trim()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(subjects.statusCode()).isEqualTo(200);

            Result status = mesh("dev", "--status", "--data-dir", home.toString());
            assertThat(status.exitCode()).isZero();
            assertThat(status.out()).contains("mesh dev is running (pid " + dev.pid() + ")");

            Result second = mesh(devArgs.toArray(String[]::new));
            assertThat(second.exitCode()).isEqualTo(1);
            assertThat(second.err()).contains("mesh dev is already running (pid " + dev.pid() + ")");

            Result stop = mesh("dev", "--stop", "--data-dir", home.toString());
            assertThat(stop.exitCode()).isZero();
            assertThat(stop.out()).contains("Stopped.");
            assertThat(dev.waitForExit(Duration.ofSeconds(10))).isTrue();
            assertThat(FreePorts.inUse(Integer.parseInt(options.get(3)))).isFalse();
            assertThat(FreePorts.inUse(Integer.parseInt(options.get(7)))).isFalse();

            Result after = mesh("dev", "--status", "--data-dir", home.toString());
            assertThat(after.exitCode()).isEqualTo(DevCommand.NOT_RUNNING);
            assertThat(after.out()).contains("mesh dev is not running");
        } finally {
            dev.stop(Duration.ofSeconds(30));
        }
    }

    @Test
    void everyPartEndsWhenTheDevMeshIsKilled() throws Exception {
        int gatewayPort = FreePorts.pick();
        int processorsPort = FreePorts.pick();
        ChildProcess dev = ChildProcess.startJava("mesh dev", ChildProcess.currentClasspath(),
                List.of("-Dmesh.s3proxy.jar=" + System.getProperty("mesh.s3proxy.jar"),
                        "-Dmesh.gateway.app=" + System.getProperty("mesh.gateway.app"),
                        "-Dmesh.archiver.app=" + System.getProperty("mesh.archiver.app"),
                        "-Dmesh.processors.app=" + System.getProperty("mesh.processors.app")), Mesh.class.getName(),
                List.of("dev", "--data-dir", home.toString(), "--kafka-port", String.valueOf(FreePorts.pick()),
                        "--kafka-controller-port", String.valueOf(FreePorts.pick()), "--s3-port",
                        String.valueOf(FreePorts.pick()), "--gateway-port", String.valueOf(gatewayPort),
                        "--processors-port", String.valueOf(processorsPort), "--no-demo"),
                home.resolve("mesh-dev.out"));
        try {
            await().atMost(Duration.ofSeconds(120)).until(() -> {
                dev.requireAlive();
                return Files.readString(home.resolve("mesh-dev.out")).contains("Meshwork dev mesh is up");
            });
            List<ProcessHandle> parts = ProcessHandle.of(dev.pid()).orElseThrow().children().toList();
            assertThat(parts).as("broker, S3, gateway, archiver, stream processors").hasSizeGreaterThanOrEqualTo(5);

            dev.kill();

            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(parts)
                    .as("no part outlives the dev mesh").noneMatch(ProcessHandle::isAlive));
            assertThat(FreePorts.inUse(gatewayPort)).isFalse();
            assertThat(FreePorts.inUse(processorsPort)).isFalse();
        } finally {
            dev.stop(Duration.ofSeconds(30));
        }
    }

    @Test
    void tokenWithoutADevMeshSaysWhatToRun() {
        Result token = mesh("token", "--admin", "--data-dir", home.toString());
        assertThat(token.exitCode()).isEqualTo(1);
        assertThat(token.err()).contains("no signing key").contains("run ./mesh dev once");

        Result twoRoles = mesh("token", "--admin", "--domain", "orders", "--data-dir", home.toString());
        assertThat(twoRoles.exitCode()).isEqualTo(2);
        assertThat(twoRoles.err()).contains("mutually exclusive");
    }

    @Test
    void stopWhenNothingRunsSaysSo() {
        Result stop = mesh("dev", "--stop", "--data-dir", home.toString());
        assertThat(stop.exitCode()).isZero();
        assertThat(stop.out()).contains("mesh dev is not running");
    }

    @Test
    void stopAndStatusTogetherIsAnError() {
        Result both = mesh("dev", "--stop", "--status", "--data-dir", home.toString());
        assertThat(both.exitCode()).isEqualTo(1);
        assertThat(both.err()).contains("--stop and --status do not go together");
    }

    private record Result(int exitCode, String out, String err) {
    }

    private static Result mesh(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Mesh.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new Result(exitCode, out.toString(), err.toString());
    }
}
