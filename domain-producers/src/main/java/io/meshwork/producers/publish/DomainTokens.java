package io.meshwork.producers.publish;

import io.meshwork.producers.load.DemoSettings;

/** A domain's bearer token from the settings, or a clear error that says how to get one. */
final class DomainTokens {

    private DomainTokens() {
    }

    static String of(DemoSettings settings, String domain) {
        String token = settings.tokens().get(domain);
        if (token == null || token.isBlank()) {
            throw new IllegalStateException("mesh.demo.tokens." + domain + " is not set: the " + domain
                    + " domain's service needs its token, e.g. -Dmesh.demo.tokens." + domain
                    + "=$(./mesh token --domain " + domain + ")");
        }
        return token;
    }
}
