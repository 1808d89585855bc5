package io.meshwork.cli.dev;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import io.meshwork.cli.MeshVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mesh dev}: runs the whole mesh locally until Ctrl-C or {@code mesh dev --stop}. */
@Command(name = "dev",
        mixinStandardHelpOptions = true,
        versionProvider = MeshVersion.class,
        description = {
            "Runs the mesh on this machine: a real Kafka broker (KRaft), a real S3 API, the gateway (with"
                + " the schema registry), the archiver into the S3 lake, and the demo domains, which apply their"
                + " contracts and start producing."
                + " Data is kept under the data folder across restarts. Stops on Ctrl-C or with --stop.",
            "",
            "Exit status: 0 when stopped on request, 1 when something failed or a dev mesh already runs,"
                + " 3 for --status when none runs."
        })
public final class DevCommand implements Callable<Integer> {

    static final int NOT_RUNNING = 3;
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(120);

    @Spec
    CommandSpec spec;

    @Option(names = "--stop", description = "Stop the dev mesh that runs on the data folder.")
    boolean stop;

    @Option(names = "--status", description = "Print whether a dev mesh runs on the data folder, and its endpoints.")
    boolean status;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "${env:MESH_HOME:-.mesh}",
            description = "Data, logs and state (default: ${DEFAULT-VALUE}; env MESH_HOME).")
    Path home;

    @Option(names = "--kafka-port", paramLabel = "PORT", defaultValue = "${env:MESH_KAFKA_PORT:-9092}",
            description = "Kafka client port (default: ${DEFAULT-VALUE}; env MESH_KAFKA_PORT).")
    int kafkaPort;

    @Option(names = "--kafka-controller-port", paramLabel = "PORT",
            defaultValue = "${env:MESH_KAFKA_CONTROLLER_PORT:-9093}",
            description = "KRaft controller port (default: ${DEFAULT-VALUE}; env MESH_KAFKA_CONTROLLER_PORT).")
    int kafkaControllerPort;

    @Option(names = "--s3-port", paramLabel = "PORT", defaultValue = "${env:MESH_S3_PORT:-9000}",
            description = "S3 API port (default: ${DEFAULT-VALUE}; env MESH_S3_PORT).")
    int s3Port;

    @Option(names = "--s3-access-key", paramLabel = "KEY", defaultValue = "${env:MESH_S3_ACCESS_KEY:-meshwork}",
            description = "Access key S3 clients sign with (default: ${DEFAULT-VALUE}; env MESH_S3_ACCESS_KEY).")
    String s3AccessKey;

    @Option(names = "--s3-secret-key", paramLabel = "KEY", defaultValue = "${env:MESH_S3_SECRET_KEY:-meshwork-secret}",
            description = "Secret key S3 clients sign with (default: ${DEFAULT-VALUE}; env MESH_S3_SECRET_KEY).")
    String s3SecretKey;

    @Option(names = "--lake-bucket", paramLabel = "NAME", defaultValue = "${env:MESH_LAKE_BUCKET:-meshwork-lake}",
            description = "S3 bucket of the lake (default: ${DEFAULT-VALUE}; env MESH_LAKE_BUCKET).")
    String lakeBucket;

    @Option(names = "--gateway-port", paramLabel = "PORT", defaultValue = "${env:MESH_GATEWAY_PORT:-8080}",
            description = "Gateway HTTP port (default: ${DEFAULT-VALUE}; env MESH_GATEWAY_PORT).")
    int gatewayPort;

    @Option(names = "--s3proxy-jar", paramLabel = "FILE", defaultValue = "${sys:mesh.s3proxy.jar}",
            description = "s3proxy's jar-with-dependencies (default: the one the build resolved).")
    Path s3proxyJar;

    @Option(names = "--gateway-app", paramLabel = "FILE", defaultValue = "${sys:mesh.gateway.app}",
            description = "The gateway's quarkus-run.jar (default: the one the build made).")
    Path gatewayApp;

    @Option(names = "--archiver-app", paramLabel = "FILE", defaultValue = "${sys:mesh.archiver.app}",
            description = "The archiver's quarkus-run.jar (default: the one the build made).")
    Path archiverApp;

    @Option(names = "--processors-app", paramLabel = "FILE", defaultValue = "${sys:mesh.processors.app}",
            description = "The stream processors' quarkus-run.jar (default: the one the build made).")
    Path processorsApp;

    @Option(names = "--processors-port", paramLabel = "PORT", defaultValue = "${env:MESH_PROCESSORS_PORT:-8082}",
            description = "The stream processors' HTTP port: aggregates by key and metrics (default: ${DEFAULT-VALUE};"
                + " env MESH_PROCESSORS_PORT).")
    int processorsPort;

    @Option(names = "--no-demo", description = "Start an empty mesh: no demo contracts, no demo producers.")
    boolean noDemo;

    @Option(names = "--demo-rate", paramLabel = "EVENTS", defaultValue = "${env:MESH_DEMO_RATE:-20}",
            description = "Events per second the demo domains produce, all together (default: ${DEFAULT-VALUE};"
                + " env MESH_DEMO_RATE).")
    double demoRate;

    @Option(names = "--contracts", paramLabel = "DIR", defaultValue = "${sys:mesh.contracts.dir}",
            description = "The demo domains' contracts, applied at start (default: the repository's"
                + " schema-registry-config/).")
    Path contracts;

    @Option(names = "--producers-app", paramLabel = "FILE", defaultValue = "${sys:mesh.producers.app}",
            description = "The demo producers' quarkus-run.jar (default: the one the build made).")
    Path producersApp;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (stop && status) {
            throw new IllegalArgumentException("--stop and --status do not go together");
        }
        if (stop) {
            return stopRunning(out);
        }
        if (status) {
            return printStatus(out);
        }
        return runUntilStopped(out);
    }

    private DevSettings settings() {
        if (gatewayApp == null) {
            throw new IllegalArgumentException("the gateway's location is unknown: run mesh through ./mesh, or pass"
                    + " --gateway-app mesh-gateway/target/quarkus-app/quarkus-run.jar");
        }
        if (archiverApp == null) {
            throw new IllegalArgumentException("the archiver's location is unknown: run mesh through ./mesh, or pass"
                    + " --archiver-app archiver/target/quarkus-app/quarkus-run.jar");
        }
        if (processorsApp == null) {
            throw new IllegalArgumentException("the stream processors' location is unknown: run mesh through ./mesh, or"
                    + " pass --processors-app stream-processors/target/quarkus-app/quarkus-run.jar");
        }
        return new DevSettings(home, kafkaPort, kafkaControllerPort, s3Port, s3AccessKey, s3SecretKey, lakeBucket,
                gatewayPort, s3proxyJar, gatewayApp, archiverApp, processorsApp, processorsPort, noDemo ? null : demo());
    }

    private DevSettings.Demo demo() {
        if (contracts == null || producersApp == null) {
            throw new IllegalArgumentException("the demo domains' location is unknown: run mesh through ./mesh, pass"
                    + " --contracts schema-registry-config --producers-app"
                    + " domain-producers/target/quarkus-app/quarkus-run.jar, or start an empty mesh with --no-demo");
        }
        if (demoRate <= 0) {
            throw new IllegalArgumentException("--demo-rate must be above 0 events per second, got " + demoRate);
        }
        return new DevSettings.Demo(contracts, producersApp, demoRate);
    }

    private Optional<DevState> running() {
        return DevState.read(DevSettings.stateFile(home)).filter(DevState::alive);
    }

    private int runUntilStopped(PrintWriter out) throws InterruptedException {
        DevMesh mesh = DevMesh.start(settings(), line -> {
            out.println(line);
            out.flush();
        });
        Runtime.getRuntime().addShutdownHook(new Thread(mesh::stop, "mesh-dev-shutdown"));
        out.println();
        out.println("Meshwork dev mesh is up:");
        out.println(mesh.state().describe());
        if (!noDemo) {
            out.println("  Demo    domains producing " + demoRate + " events/s, e.g.:"
                    + " ./mesh kafka-config --consumer watcher > watcher.conf && kcat -F watcher.conf -C"
                    + " -t orders.order-status-changed.v1 -f '%k %T\\n'");
        }
        out.println();
        out.println("Stop it with Ctrl-C, or from another shell: ./mesh dev --stop");
        out.flush();
        mesh.awaitStopped();
        if (mesh.failure() != null) {
            spec.commandLine().getErr().println("mesh: " + mesh.failure());
            return 1;
        }
        return 0;
    }

    private int stopRunning(PrintWriter out) throws InterruptedException {
        Optional<DevState> running = running();
        if (running.isEmpty()) {
            out.println("mesh dev is not running on " + home.toAbsolutePath().normalize());
            return 0;
        }
        ProcessHandle process = ProcessHandle.of(running.get().pid()).orElseThrow();
        out.println("Stopping mesh dev (pid " + process.pid() + ") ...");
        out.flush();
        process.destroy();
        try {
            process.onExit().get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("mesh dev (pid " + process.pid() + ") did not stop within "
                    + STOP_TIMEOUT.toSeconds() + " s; its logs are in " + DevSettings.logs(home));
        }
        out.println("Stopped.");
        return 0;
    }

    private int printStatus(PrintWriter out) {
        Optional<DevState> running = running();
        if (running.isEmpty()) {
            out.println("mesh dev is not running on " + home.toAbsolutePath().normalize());
            return NOT_RUNNING;
        }
        out.println("mesh dev is running (pid " + running.get().pid() + "):");
        out.println(running.get().describe());
        return 0;
    }
}
