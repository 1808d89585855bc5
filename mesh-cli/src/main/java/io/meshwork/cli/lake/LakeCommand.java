package io.meshwork.cli.lake;

import io.meshwork.cli.MeshVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** {@code mesh lake}: the S3 lake of archived data products. */
@Command(name = "lake",
        mixinStandardHelpOptions = true,
        versionProvider = MeshVersion.class,
        description = "The lake: every data product archived as an Apache Iceberg table on S3, by event hour.",
        subcommands = {QueryCommand.class, TablesCommand.class, CompactCommand.class, EraseCommand.class, ReplayCommand.class, CommandLine.HelpCommand.class})
public final class LakeCommand {
}
