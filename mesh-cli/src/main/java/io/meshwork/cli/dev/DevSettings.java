package io.meshwork.cli.dev;

import java.nio.file.Path;

/**
 * What {@code mesh dev} runs and where.
 *
 * @param home the folder for data, logs and the state file (default {@code .mesh})
 * @param kafkaPort the Kafka client port
 * @param kafkaControllerPort the KRaft controller port
 * @param s3Port the S3 API port
 * @param s3AccessKey the access key S3 clients sign with
 * @param s3SecretKey the secret key S3 clients sign with
 * @param lakeBucket the bucket created for the lake
 * @param s3proxyJar s3proxy's jar; {@code null} to locate it
 */
public record DevSettings(Path home, int kafkaPort, int kafkaControllerPort, int s3Port, String s3AccessKey,
                          String s3SecretKey, String lakeBucket, Path s3proxyJar) {

    Path kafkaData() {
        return home.resolve("kafka");
    }

    Path s3Data() {
        return home.resolve("s3");
    }

    Path logs() {
        return home.resolve("logs");
    }

    Path stateFile() {
        return home.resolve("dev.properties");
    }

    Path lockFile() {
        return home.resolve("dev.lock");
    }
}
