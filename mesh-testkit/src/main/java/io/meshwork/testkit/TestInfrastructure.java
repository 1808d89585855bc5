package io.meshwork.testkit;

import io.meshwork.testkit.kafka.TestKafka;
import io.meshwork.testkit.s3.EmbeddedS3;
import io.meshwork.testkit.s3.S3Endpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka and S3 that every test of one JVM shares. Each starts on first use and stops when the
 * JVM exits, so a test run pays for one broker and one S3 however many test classes use them.
 */
public final class TestInfrastructure {

    /** The bucket created in the shared S3 for tests that do not bring their own. */
    public static final String BUCKET = "meshwork-test";

    private static final Logger LOG = LoggerFactory.getLogger(TestInfrastructure.class);
    private static final TestInfrastructure SHARED = new TestInfrastructure();

    private TestKafka kafka;
    private EmbeddedS3 s3;

    private TestInfrastructure() {
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "mesh-test-infrastructure-stop"));
    }

    public static TestInfrastructure shared() {
        return SHARED;
    }

    /** The shared Kafka, started on first use. */
    public synchronized TestKafka kafka() {
        if (kafka == null) {
            kafka = TestKafka.start();
        }
        return kafka;
    }

    /** The shared S3 with {@link #BUCKET} created, started on first use. */
    public synchronized S3Endpoint s3() {
        if (s3 == null) {
            s3 = EmbeddedS3.start(EmbeddedS3.Config.ephemeral());
            s3.createBucket(BUCKET);
        }
        return s3.endpoint();
    }

    private synchronized void stop() {
        if (s3 != null) {
            s3.stop();
        }
        if (kafka != null) {
            try {
                kafka.close();
            } catch (Exception e) {
                LOG.warn("Test Kafka did not stop cleanly", e);
            }
        }
    }
}
