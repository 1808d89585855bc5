package io.meshwork.cli.subscribe;

import io.meshwork.cli.GatewayOptions;
import io.meshwork.cli.MeshVersion;
import io.meshwork.core.api.MeshClient;
import io.meshwork.core.api.SubscriptionRequest;
import io.meshwork.core.api.SubscriptionView;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
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

    @Override
    public Integer call() {
        MeshClient client = connection.client(connection.token("./mesh token --consumer billing"));
        PrintWriter out = spec.commandLine().getOut();
        if (list) {
            client.subscriptions(null).forEach(s -> out.println(describe(s)));
            return 0;
        }
        if (name == null) {
            throw new IllegalArgumentException("name the subscription, or use --list");
        }
        if (remove) {
            if (!client.removeSubscription(name, null, reason)) {
                spec.commandLine().getErr().println("mesh: you have no subscription " + name
                        + "; ./mesh subscribe --list lists yours");
                return 1;
            }
            out.println("removed " + name);
            return 0;
        }
        if (sources != null && !sources.isEmpty()) {
            MeshClient.Saved saved = client.putSubscription(name, null, new SubscriptionRequest(sources, filter,
                    fields == null ? List.of() : fields), reason);
            out.println((saved.created() ? "created " : "saved ") + describe(saved.subscription()));
        } else if (!follow) {
            throw new IllegalArgumentException("give --source (to create or change), --follow, --remove or --list");
        }
        out.flush();
        if (follow) {
            client.follow(name, null, from, delivery -> {
                out.println((ids && delivery.id() != null ? delivery.id() + " " : "") + delivery.data());
                out.flush();
            });
        }
        return 0;
    }

    private static String describe(SubscriptionView s) {
        StringBuilder text = new StringBuilder(s.name()).append(" v").append(s.version()).append(": ");
        s.sources().forEach(source -> text.append(source).append(' '));
        if (s.filter() != null) {
            text.append("where ").append(s.filter()).append(' ');
        }
        if (!s.fields().isEmpty()) {
            text.append("fields ").append(String.join(",", s.fields())).append(' ');
        }
        return text.append("-> ").append(s.deliveryTopic()).toString();
    }
}
