package io.meshwork.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * nghttp2's {@code h2load} (Debian's {@code nghttp2-client}) as the benchmarks' HTTP load: a fixed
 * number of connections, each with one request at a time, for a while; a few percent of a core where
 * as many Java threads would take as much of the machine as the server they measure.
 */
final class H2Load {

    private static final Pattern DONE = Pattern.compile("(\\d+) succeeded, (\\d+) failed, (\\d+) errored, (\\d+) timeout");
    private static final Pattern TIME = Pattern.compile("finished in ([0-9.]+)s");
    private static final Pattern OK = Pattern.compile("status codes: (\\d+) 2xx");

    /** Requests answered 2xx per second, and how many were not (by h2load or any other load). */
    record Rate(double perSecond, long errors) {
    }

    private H2Load() {
    }

    /** Where h2load is, if it is on the path. */
    static Optional<Path> find() {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(":")).map(dir -> Path.of(dir, "h2load"))
                .filter(Files::isExecutable).findFirst();
    }

    /**
     * Sends requests to {@code uri} from {@code clients} connections for {@code seconds}: GETs, or
     * POSTs of {@code body} when there is one.
     */
    static Rate run(HttpClient.Version version, URI uri, Map<String, String> headers, Path body, int clients, int seconds)
            throws IOException, InterruptedException {
        Path h2load = find().orElseThrow(() -> new IllegalStateException("h2load is not on the path: install Debian's"
                + " nghttp2-client"));
        List<String> command = new ArrayList<>(List.of(h2load.toString(), "-c", String.valueOf(clients), "-m", "1",
                "-D", String.valueOf(seconds)));
        if (version == HttpClient.Version.HTTP_1_1) {
            command.add("--h1");
        }
        headers.forEach((name, value) -> command.addAll(List.of("-H", name + ": " + value)));
        if (body != null) {
            command.addAll(List.of("-d", body.toString()));
        }
        command.add(uri.toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        Matcher done = DONE.matcher(output);
        Matcher time = TIME.matcher(output);
        Matcher ok = OK.matcher(output);
        if (!done.find() || !time.find() || !ok.find()) {
            throw new IllegalStateException("h2load did not report its results:\n" + output);
        }
        long succeeded = Long.parseLong(ok.group(1));
        // A request cut off by the end of the run may have its status counted and not its completion.
        long errors = Math.max(0, Long.parseLong(done.group(1)) - succeeded) + Long.parseLong(done.group(2))
                + Long.parseLong(done.group(3)) + Long.parseLong(done.group(4));
        return new Rate(succeeded / Double.parseDouble(time.group(1)), errors);
    }
}
