package io.meshwork.core.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshwork.core.auth.SecretFile;
import org.junit.jupiter.api.Test;

class KafkaCredentialsTest {

    @Test
    void theSameKeyGivesThePrincipalTheSamePasswordAndEveryPrincipalItsOwn() {
        String key = SecretFile.random();

        assertThat(new KafkaCredentials(key).password("billing")).isEqualTo(new KafkaCredentials(key).password("billing"))
                .isNotEqualTo(new KafkaCredentials(key).password("billing-ops"))
                .isNotEqualTo(new KafkaCredentials(SecretFile.random()).password("billing"))
                .hasSizeGreaterThanOrEqualTo(40);
    }

    @Test
    void refusesAShortOrMalformedKey() {
        assertThatThrownBy(() -> new KafkaCredentials("abcd")).hasMessageContaining("at least 32 bytes");
        assertThatThrownBy(() -> new KafkaCredentials("not hex at all")).hasMessageContaining("hex digits");
    }

    @Test
    void quotesTheJaasEntry() {
        assertThat(KafkaCredentials.jaas("a\"b", "p")).isEqualTo(
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"a\\\"b\" password=\"p\";");
    }
}
