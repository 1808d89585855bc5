package io.meshwork.cli.subscribe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshwork.cli.GatewayOptions;
import io.meshwork.cli.GatewayRefusal;
import io.meshwork.cli.MeshVersion;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mesh subscribe}: creates or changes a subscription, lists or removes them, and follows
 * one's events as the gateway streams them.
 */
@Command(name = "subscribe",
        mixinStandardHelpOptions = true,
        versionProvider = MeshVersion.class,
        description = {
            "Subscribes the token's consumer to products: events that match the CEL filter, with only the fields"
                + " given, delivered as JSON to the topic _sub.<consumer>.<name> and streamed by the gateway.",
            "Example: MESH_TOKEN=$(./mesh token --consumer billing) ./mesh subscribe big-orders"
                + " --source orders.order-placed.v2 --filter 'message.price.total > 50.0'"
                + " --fields orderId,price.total --follow",
            "Exit status: 0 when done, 1 when the gateway refused, 2 on bad options."
        })
public final class SubscribeCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "NAME", arity = "0..1", description = "The subscription's name, lower-kebab.")
    String name;

    @Option(names = "--source", paramLabel = "TOPIC", description = "A product to read; repeat for several.")
    List<String> sources;

    @Option(names = "--filter", paramLabel = "CEL", description = "Only events for which this is true, e.g."
            + " \"message.price.total > 50.0\".")
    String filter;

    @Option(names = "--fields", paramLabel = "PATH", split = ",", description = "Only these fields (dotted paths).")
    List<String> fields;

    @Option(names = "--follow", description = "Print the subscription's events as JSON lines until interrupted.")
    boolean follow;

    @Option(names = "--from", paramLabel = "POSITION", defaultValue = "latest",
            description = "Where --follow starts: latest (default), earliest, or an event id printed with --ids.")
    String from;

    @Option(names = "--ids", description = "With --follow, print each event's id (its position) before it.")
    boolean ids;

    @Option(names = "--list", description = "List the consumer's subscriptions.")
    boolean list;

    @Option(names = "--remove", description = "Remove the subscription (its topic stays).")
    boolean remove;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why, for the audit trail.")
    String reason;

    @Mixin
    GatewayOptions connection;

    private URI gateway;
    private String token;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Override
    public Integer call() throws Exception {
        gateway = connection.gateway();
        token = connection.token("./mesh token --consumer billing");
        PrintWriter out = spec.commandLine().getOut();
        if (list) {
            HttpResponse<String> response = send("GET", "/v1/subscriptions", null);
            if (response.statusCode() != 200) {
                return GatewayRefusal.print(spec.commandLine().getErr(), response);
            }
            for (JsonNode s : JSON.readTree(response.body())) {
                out.println(describe(s));
            }
            return 0;
        }
        if (name == null) {
            throw new IllegalArgumentException("name the subscription, or use --list");
        }
        String path = "/v1/subscriptions/" + URLEncoder.encode(name, StandardCharsets.UTF_8);
        if (remove) {
            HttpResponse<String> response = send("DELETE", path, null);
            if (response.statusCode() != 204) {
                return GatewayRefusal.print(spec.commandLine().getErr(), response);
            }
            out.println("removed " + name);
            return 0;
        }
        if (sources != null && !sources.isEmpty()) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("sources", sources);
            body.put("filter", filter);
            body.put("fields", fields == null ? List.of() : fields);
            HttpResponse<String> response = send("PUT", path, JSON.writeValueAsString(body));
            if (response.statusCode() != 200 && response.statusCode() != 201) {
                return GatewayRefusal.print(spec.commandLine().getErr(), response);
            }
            out.println((response.statusCode() == 201 ? "created " : "saved ") + describe(JSON.readTree(response.body())));
        } else if (!follow) {
            throw new IllegalArgumentException("give --source (to create or change), --follow, --remove or --list");
        }
        out.flush();
        return follow ? follow(path + "/events") : 0;
    }

    private int follow(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(gateway.resolve(path + "?from="
                        + URLEncoder.encode(from, StandardCharsets.UTF_8)))
                .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream").build();
        HttpResponse<Stream<String>> response = http.send(request, HttpResponse.BodyHandlers.ofLines());
        if (response.statusCode() != 200) {
            String body = String.join("\n", response.body().toList());
            return GatewayRefusal.print(spec.commandLine().getErr(), response.statusCode(), body);
        }
        PrintWriter out = spec.commandLine().getOut();
        try (Stream<String> lines = response.body()) {
            Iterator<String> it = lines.iterator();
            String id = null;
            while (it.hasNext()) {
                String line = it.next();
                if (line.startsWith("id:")) {
                    id = line.substring(3).strip();
                } else if (line.startsWith("data:")) {
                    out.println((ids && id != null ? id + " " : "") + line.substring(5).strip());
                    out.flush();
                }
            }
        }
        return 0;
    }

    private HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(gateway.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (reason != null) {
            request.header("X-Mesh-Reason", reason);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String describe(JsonNode s) {
        StringBuilder text = new StringBuilder(s.path("name").asText()).append(" v").append(s.path("version").asInt())
                .append(": ");
        s.path("sources").forEach(source -> text.append(source.asText()).append(' '));
        if (s.has("filter")) {
            text.append("where ").append(s.path("filter").asText()).append(' ');
        }
        if (s.path("fields").size() > 0) {
            text.append("fields ");
            s.path("fields").forEach(f -> text.append(f.asText()).append(','));
            text.setLength(text.length() - 1);
            text.append(' ');
        }
        return text.append("-> ").append(s.path("deliveryTopic").asText()).toString();
    }
}
