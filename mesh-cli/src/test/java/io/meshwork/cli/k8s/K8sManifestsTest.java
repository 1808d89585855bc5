package io.meshwork.cli.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import io.meshwork.cli.Mesh;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Kustomize overlays under {@code k8s/}, built by {@code kubectl kustomize} as a cluster would
 * get them: every Strimzi resource passes Strimzi's own CRD schema, every built-in kind reads into
 * the Kubernetes API's model with no field left over, and the parts are set up as the README says.
 */
class K8sManifestsTest {

    private static final Path K8S = Path.of(System.getProperty("mesh.k8s.dir", "../k8s"));
    private static final Pattern KUBECTL_VERSION = Pattern.compile("\"gitVersion\"\\s*:\\s*\"v(\\d+)\\.(\\d+)");
    /** Kustomize 5 (labels, patches with targets) came with kubectl 1.27; this machine's is 1.32. */
    private static final int KUBECTL_MINOR = 27;
    private static final Map<String, Class<?>> BUILT_IN = Map.ofEntries(
            Map.entry("v1/Namespace", Namespace.class),
            Map.entry("v1/ServiceAccount", ServiceAccount.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/PersistentVolumeClaim", PersistentVolumeClaim.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("apps/v1/StatefulSet", StatefulSet.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            Map.entry("monitoring.coreos.com/v1/PodMonitor", PodMonitor.class));
    /** The Secrets the parts read, which k8s/README.md says how to create; none is in the manifests. */
    private static final Set<String> SECRETS = Set.of("mesh-keys", "mesh-kafka-passwords", "mesh-service-tokens",
            "mesh-lake-s3", "mesh-lake-catalog", "mesh-cluster-ca-cert");

    private static List<JsonNode> dev;
    private static List<JsonNode> prod;

    @BeforeAll
    static void build() throws Exception {
        String kubectl = kubectl();
        dev = StrimziCrds.documents(kustomize(kubectl, "dev"));
        prod = StrimziCrds.documents(kustomize(kubectl, "prod"));
    }

    @Test
    void everyStrimziResourcePassesItsCrdAndEveryBuiltInKindReadsStrictly() {
        for (List<JsonNode> overlay : List.of(dev, prod)) {
            assertThat(overlay).isNotEmpty().allSatisfy(object -> {
                String id = object.path("kind").asText() + " " + object.at("/metadata/name").asText();
                if (StrimziCrds.isStrimzi(object)) {
                    assertThat(object.path("apiVersion").asText()).as(id).isEqualTo(StrimziResources.API_VERSION);
                    assertThat(StrimziCrds.schema(object.path("kind").asText()).validate(object)).as(id).isEmpty();
                } else {
                    assertThat(unknownFields(object)).as(id).isEmpty();
                }
            });
        }
    }

    @Test
    void strictReadingFindsAFieldKubernetesDoesNotKnow() throws Exception {
        JsonNode gateway = find(dev, "Deployment", "mesh-gateway").deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) gateway.at("/spec/template/spec/containers/0"))
                .put("livenesProbe", "typo");

        assertThat(unknownFields(gateway)).singleElement().asString()
                .contains("spec.template.spec.containers[0]", "livenesProbe");
    }

    @Test
    void theRenderedTopicsAndUsersAreThoseOfTheContractsFolder() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Mesh.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute("k8s", "render", System.getProperty("mesh.contracts.dir"));
        assertThat(exit).as(err.toString()).isZero();

        assertThat(Files.readString(K8S.resolve("base/generated/kafka-resources.yaml")))
                .as("k8s/base/generated/kafka-resources.yaml is stale: run ./mesh k8s render schema-registry-config/"
                        + " --output k8s/base/generated/kafka-resources.yaml")
                .isEqualTo(out.toString());
    }

    @Test
    void devRunsItsOwnLakeCatalogThatOnlyTheNamespaceReaches() {
        JsonNode catalog = find(dev, "StatefulSet", "mesh-lake-catalog");
        JsonNode container = catalog.at("/spec/template/spec/containers/0");
        assertThat(catalog.at("/spec/template/spec/securityContext/runAsNonRoot").asBoolean()).isTrue();
        assertThat(container.at("/securityContext/readOnlyRootFilesystem").asBoolean()).isTrue();
        assertThat(container.at("/env").findValues("secretKeyRef")).extracting(ref -> ref.path("name").asText())
                .containsOnly("mesh-lake-catalog");
        assertThat(find(dev, "Service", "mesh-lake-catalog").at("/spec/ports/0/port").asInt()).isEqualTo(5432);
        assertThat(find(dev, "NetworkPolicy", "mesh-lake-catalog").at("/spec/ingress/0/ports/0/port").asInt()).isEqualTo(5432);
        assertThat(kind(prod, "StatefulSet")).extracting(s -> s.at("/metadata/name").asText())
                .doesNotContain("mesh-lake-catalog");
    }

    @Test
    void devRunsOneCombinedKraftNodeWithEveryTopicOnIt() {
        List<JsonNode> pools = kind(dev, "KafkaNodePool");
        assertThat(pools).singleElement().satisfies(pool -> {
            assertThat(pool.at("/spec/replicas").asInt()).isEqualTo(1);
            assertThat(texts(pool.at("/spec/roles"))).containsExactlyInAnyOrder("controller", "broker");
        });
        assertThat(kind(dev, "KafkaTopic")).isNotEmpty().allSatisfy(t -> assertThat(t.at("/spec/replicas").asInt()).isOne());
        assertThat(dev).allSatisfy(o -> assertThat(o.at("/metadata/namespace").asText(o.path("kind").asText()))
                .isIn("meshwork-dev", "Namespace"));
    }

    @Test
    void prodRunsThreeControllersAndThreeBrokersAcrossZonesWritingToTwoReplicas() {
        Map<String, JsonNode> pools = new HashMap<>();
        kind(prod, "KafkaNodePool").forEach(p -> pools.put(p.at("/metadata/name").asText(), p));
        assertThat(pools).containsOnlyKeys("controllers", "brokers");
        assertThat(pools.get("controllers").at("/spec/replicas").asInt()).isEqualTo(3);
        assertThat(texts(pools.get("controllers").at("/spec/roles"))).containsExactly("controller");
        assertThat(pools.get("brokers").at("/spec/replicas").asInt()).isEqualTo(3);
        assertThat(texts(pools.get("brokers").at("/spec/roles"))).containsExactly("broker");
        assertThat(pools.values()).allSatisfy(p -> assertThat(p.at("/spec/storage").toString()).contains("persistent-claim"));

        JsonNode kafka = find(prod, "Kafka", "mesh");
        assertThat(kafka.at("/spec/kafka/config/min.insync.replicas").asInt()).isEqualTo(2);
        assertThat(kafka.at("/spec/kafka/config/default.replication.factor").asInt()).isEqualTo(3);
        assertThat(kafka.at("/spec/kafka/rack/topologyKey").asText()).isEqualTo("topology.kubernetes.io/zone");
        assertThat(kind(prod, "KafkaTopic")).allSatisfy(t -> assertThat(t.at("/spec/replicas").asInt()).isEqualTo(3));
    }

    @Test
    void kafkaAuthenticatesWithScramAndAuthorizesWithAcls() {
        for (List<JsonNode> overlay : List.of(dev, prod)) {
            JsonNode kafka = find(overlay, "Kafka", "mesh");
            assertThat(kafka.at("/spec/kafka/listeners")).allSatisfy(listener -> {
                assertThat(listener.at("/authentication/type").asText()).isEqualTo("scram-sha-512");
                assertThat(listener.path("tls").asBoolean()).isTrue();
            });
            assertThat(kafka.at("/spec/kafka/authorization/type").asText()).isEqualTo("simple");
            assertThat(kafka.at("/spec/entityOperator/topicOperator").isObject()).isTrue();
            assertThat(kafka.at("/spec/entityOperator/userOperator").isObject()).isTrue();
        }
    }

    @Test
    void thePartsAreScaledAndProtectedAsTheReadmeSays() {
        for (List<JsonNode> overlay : List.of(dev, prod)) {
            JsonNode gateway = find(overlay, "Deployment", "mesh-gateway");
            assertThat(gateway.at("/spec/replicas").asInt()).isGreaterThanOrEqualTo(2);
            assertThat(find(overlay, "HorizontalPodAutoscaler", "mesh-gateway").at("/spec/minReplicas").asInt())
                    .isGreaterThanOrEqualTo(2);
            assertThat(kind(overlay, "PodDisruptionBudget")).extracting(p -> p.at("/metadata/name").asText())
                    .contains("mesh-gateway", "mesh-stream-processors", "mesh-archiver");
            JsonNode processors = find(overlay, "StatefulSet", "mesh-stream-processors");
            assertThat(processors.at("/spec/volumeClaimTemplates/0/metadata/name").asText()).isEqualTo("state");
            assertThat(find(overlay, "Service", "mesh-stream-processors").at("/spec/clusterIP").asText()).isEqualTo("None");
            assertThat(find(overlay, "Deployment", "mesh-archiver")).isNotNull();
            assertThat(kind(overlay, "PodMonitor")).extracting(p -> p.at("/metadata/name").asText())
                    .containsExactlyInAnyOrder("mesh-gateway", "mesh-stream-processors", "mesh-archiver");
            assertThat(kind(overlay, "NetworkPolicy")).extracting(p -> p.at("/metadata/name").asText())
                    .contains("mesh-default-deny-ingress", "mesh-gateway", "mesh-stream-processors", "mesh-archiver");
            assertThat(kind(overlay, "Secret")).as("secrets are never in the manifests").isEmpty();
            assertThat(find(overlay, "Deployment", "mesh-archiver").at("/spec/template/spec/containers/0/env")
                    .findValues("secretKeyRef")).anySatisfy(ref -> assertThat(ref.path("name").asText())
                    .isEqualTo("mesh-lake-catalog"));

            for (JsonNode workload : List.of(gateway, processors, find(overlay, "Deployment", "mesh-archiver"))) {
                JsonNode pod = workload.at("/spec/template/spec");
                String name = workload.at("/metadata/name").asText();
                assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).as(name).isTrue();
                assertThat(pod.path("automountServiceAccountToken").asBoolean(true)).as(name).isFalse();
                JsonNode container = pod.at("/containers/0");
                assertThat(container.at("/securityContext/readOnlyRootFilesystem").asBoolean()).as(name).isTrue();
                assertThat(container.at("/securityContext/allowPrivilegeEscalation").asBoolean(true)).as(name).isFalse();
                assertThat(texts(container.at("/securityContext/capabilities/drop"))).as(name).containsExactly("ALL");
                assertThat(container.at("/startupProbe/httpGet/path").asText()).as(name).isEqualTo("/q/health/started");
                assertThat(container.at("/livenessProbe/httpGet/path").asText()).as(name).isEqualTo("/q/health/live");
                assertThat(container.at("/readinessProbe/httpGet/path").asText()).as(name).isEqualTo("/q/health/ready");
                assertThat(container.at("/resources/requests/cpu").isMissingNode()).as(name).isFalse();
                assertThat(container.at("/resources/limits/memory").asText())
                        .isEqualTo(container.at("/resources/requests/memory").asText());
                assertThat(container.path("image").asText()).as(name)
                        .matches("meshwork/[a-z-]+:" + Pattern.quote(System.getProperty("mesh.version")));
                assertThat(container.at("/env").findValues("secretKeyRef")).allSatisfy(ref ->
                        assertThat(ref.path("name").asText()).isIn(SECRETS));
                assertThat(pod.at("/volumes").findValues("secretName")).allSatisfy(secret ->
                        assertThat(secret.asText()).isIn(SECRETS));
            }
        }
    }

    @Test
    void everyPartConnectsAsTheKafkaUserOfItsName() {
        Set<String> users = Set.copyOf(kind(prod, "KafkaUser").stream().map(u -> u.at("/metadata/name").asText()).toList());
        for (String workload : List.of("Deployment/mesh-gateway", "StatefulSet/mesh-stream-processors",
                "Deployment/mesh-archiver")) {
            String[] kindAndName = workload.split("/");
            JsonNode env = find(prod, kindAndName[0], kindAndName[1]).at("/spec/template/spec/containers/0/env");
            String username = StreamSupport.stream(env.spliterator(), false)
                    .filter(e -> e.path("name").asText().equals("MESH_KAFKA_USERNAME")).findFirst().orElseThrow()
                    .path("value").asText();
            String passwordKey = StreamSupport.stream(env.spliterator(), false)
                    .filter(e -> e.path("name").asText().equals("MESH_KAFKA_PASSWORD")).findFirst().orElseThrow()
                    .at("/valueFrom/secretKeyRef/key").asText();
            assertThat(username).isEqualTo(kindAndName[1]).isIn(users).isEqualTo(passwordKey);
        }
    }

    /** A kubectl whose kustomize builds these overlays: Debian's kubernetes-client package is far too old. */
    private static String kubectl() throws Exception {
        String kubectl = System.getenv().getOrDefault("MESH_KUBECTL", "kubectl");
        String version;
        try {
            version = run(List.of(kubectl, "version", "--client", "-o", "json"));
        } catch (IOException e) {
            return fail("no kubectl found (" + e.getMessage() + "): the k8s/ tests need kubectl 1." + KUBECTL_MINOR
                    + " or newer, with kustomize 5 (e.g. 1.32, which has kustomize 5.5); Debian's kubernetes-client"
                    + " package is far older. Put one on the PATH or set MESH_KUBECTL");
        }
        Matcher matcher = KUBECTL_VERSION.matcher(version);
        if (!matcher.find() || Integer.parseInt(matcher.group(1)) != 1
                || Integer.parseInt(matcher.group(2)) < KUBECTL_MINOR) {
            fail(kubectl + " is too old (" + version.strip().replaceAll("\\s+", " ") + "): the k8s/ tests need"
                    + " kubectl 1." + KUBECTL_MINOR + " or newer, with kustomize 5 (e.g. 1.32, which has kustomize 5.5);"
                    + " Debian's kubernetes-client package is far older. Put one on the PATH or set MESH_KUBECTL");
        }
        return kubectl;
    }

    private static String kustomize(String kubectl, String overlay) throws Exception {
        return run(List.of(kubectl, "kustomize", K8S.resolve("overlays").resolve(overlay).toString()));
    }

    private static String run(List<String> command) throws Exception {
        Path output = Files.createTempFile("kubectl", ".out");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                return fail(String.join(" ", command) + " did not finish in 2 minutes");
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            assertThat(process.exitValue()).as(String.join(" ", command) + ":\n" + text).isZero();
            return text;
        } finally {
            Files.deleteIfExists(output);
        }
    }

    /** The fields of a built-in object that its kind does not have, each with where it is. */
    private static List<String> unknownFields(JsonNode object) {
        String type = object.path("apiVersion").asText() + "/" + object.path("kind").asText();
        Class<?> model = BUILT_IN.get(type);
        assertThat(model).as("a Kubernetes model for " + type).isNotNull();
        List<String> unknown = new ArrayList<>();
        try {
            walk(StrimziCrds.YAML.treeToValue(object, model), "", unknown);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return unknown;
    }

    /** The model keeps whatever it has no field for in additionalProperties: every such map must be empty. */
    private static void walk(Object value, String path, List<String> unknown) {
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                walk(item, path + "[" + i++ + "]", unknown);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, item) -> walk(item, path + "." + key, unknown));
            return;
        }
        if (value == null || !value.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get") || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object field;
            try {
                field = getter.invoke(value);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException(getter + " at " + path, e);
            }
            String name = Character.toLowerCase(getter.getName().charAt(3)) + getter.getName().substring(4);
            if (name.equals("additionalProperties")) {
                if (field instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    unknown.add((path.isEmpty() ? "." : path) + ": " + extra.keySet());
                }
            } else {
                walk(field, path.isEmpty() ? name : path + "." + name, unknown);
            }
        }
    }

    private static List<JsonNode> kind(List<JsonNode> objects, String kind) {
        return objects.stream().filter(o -> o.path("kind").asText().equals(kind)).toList();
    }

    private static JsonNode find(List<JsonNode> objects, String kind, String name) {
        return kind(objects, kind).stream().filter(o -> o.at("/metadata/name").asText().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name));
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }
}
