package io.meshwork.cli;

import io.meshwork.cli.apply.ApplyCommand;
import io.meshwork.cli.contracts.ContractsCommand;
import io.meshwork.cli.dev.DevCommand;
import io.meshwork.cli.k8s.K8sCommand;
import io.meshwork.cli.kafka.KafkaConfigCommand;
import io.meshwork.cli.lake.LakeCommand;
import io.meshwork.cli.subscribe.SubscribeCommand;
import io.meshwork.cli.token.TokenCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** The {@code mesh} command. */
@Command(name = "mesh",
        mixinStandardHelpOptions = true,
        versionProvider = MeshVersion.class,
        description = "Meshwork: a Kafka-based, decentralized event mesh.",
        subcommands = {DevCommand.class, TokenCommand.class, KafkaConfigCommand.class, ContractsCommand.class, ApplyCommand.class, SubscribeCommand.class, LakeCommand.class, K8sCommand.class,
            CommandLine.HelpCommand.class})
public final class Mesh {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, also for tests that run commands in-process. */
    public static CommandLine commandLine() {
        return new CommandLine(new Mesh()).setExecutionExceptionHandler(new ErrorReporter());
    }
}
