package io.meshwork.core.contract;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Sends a bundle of contracts to the gateway's {@code POST /v1/contracts}. */
public final class GatewayContracts {

    private static final ObjectMapper JSON = new ObjectMapper();

    private GatewayContracts() {
    }

    /**
     * @param reason why, for the audit trail; may be null
     * @return the gateway's answer: 200 with what changed, or a problem
     * @throws IllegalStateException when the gateway cannot be reached
     */
    public static HttpResponse<String> apply(URI gateway, String token, ContractBundle bundle, boolean dryRun,
                                             String reason) throws InterruptedException {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(gateway.resolve("/v1/contracts?dryRun=" + dryRun))
                    .timeout(Duration.ofMinutes(2))
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + token)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(bundle.body())));
            if (reason != null) {
                request.header("X-Mesh-Reason", reason);
            }
            return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach the gateway at " + gateway + " (" + e.getMessage()
                    + "); is it running?", e);
        }
    }
}
