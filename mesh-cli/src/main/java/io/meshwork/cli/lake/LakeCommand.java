package io.meshwork.cli.lake;

import io.meshwork.cli.MeshVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code mesh lake}: the S3 lake of archived data products. */
@Command(name = "lake",
        mixinStandardHelpOptions = true,
        versionProvider = MeshVersion.class,
        description = "The lake: every data product archived as Parquet on S3, by event time.",
        subcommands = {QueryCommand.class, ReplayCommand.class, CommandLine.HelpCommand.class})
public final class LakeCommand {
}
