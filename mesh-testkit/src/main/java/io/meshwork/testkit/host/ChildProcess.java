package io.meshwork.testkit.host;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A JVM child process whose output goes to a log file. Its standard input stays an open pipe so
 * that a child using {@link ParentWatch} ends when this process dies, however it dies.
 */
public final class ChildProcess {

    private static final Duration POLL_INTERVAL = Duration.ofMillis(100);

    private final String name;
    private final Process process;
    private final Path logFile;

    private ChildProcess(String name, Process process, Path logFile) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
    }

    /**
     * Starts {@code mainClass} in a new JVM of the same Java installation as this one.
     *
     * @param name what the process is, for messages
     * @param classpath the child's class path entries
     * @param jvmOptions options such as {@code -Xmx256m}
     * @param mainClass the class whose {@code main} runs
     * @param args the program arguments
     * @param logFile where standard output and error are appended
     */
    public static ChildProcess startJava(String name, List<Path> classpath, List<String> jvmOptions, String mainClass,
                                         List<String> args, Path logFile) {
        return startJava(name, classpath, jvmOptions, mainClass, args, Map.of(), logFile);
    }

    /**
     * Starts {@code mainClass} in a new JVM with extra environment variables, which, unlike
     * arguments, other users of the machine cannot read: the place for secrets.
     */
    public static ChildProcess startJava(String name, List<Path> classpath, List<String> jvmOptions, String mainClass,
                                         List<String> args, Map<String, String> environment, Path logFile) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(String.join(File.pathSeparator, classpath.stream().map(Path::toString).toList()));
        command.add(mainClass);
        command.addAll(args);
        Folders.existing(logFile.toAbsolutePath().getParent());
        try {
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            builder.environment().putAll(environment);
            Process process = builder.start();
            return new ChildProcess(name, process, logFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + String.join(" ", command), e);
        }
    }

    /** This JVM's class path, for a child that runs code of the same build. */
    public static List<Path> currentClasspath() {
        return java.util.Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.isBlank())
                .map(Path::of)
                .toList();
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The child's exit status. */
    public int exitValue() {
        if (process.isAlive()) {
            throw new IllegalStateException(name + " is still running");
        }
        return process.exitValue();
    }

    /** Completes when the child has exited, for whatever reason. */
    public CompletableFuture<Void> exited() {
        return process.onExit().thenApply(p -> null);
    }

    public Path logFile() {
        return logFile;
    }

    /** Answers whether the child is ready; an exception means not yet. */
    @FunctionalInterface
    public interface ReadinessProbe {
        boolean ready() throws Exception;
    }

    /**
     * Asks the probe every 100 ms until it says ready; fails with the end of the child's log when
     * the child exits or the timeout passes first.
     *
     * @param what the child and where it should answer, for the message
     */
    public void awaitReady(String what, Duration timeout, ReadinessProbe probe) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            requireAlive();
            try {
                if (probe.ready()) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + what, e);
            } catch (Exception notYet) {
                // not answering yet
            }
            LockSupport.parkNanos(POLL_INTERVAL.toNanos());
        }
        throw new IllegalStateException(what + " was not ready within " + timeout + "; the end of " + logFile + ":\n"
                + logTail(30));
    }

    /** Fails with the end of the child's log when it has exited. */
    public void requireAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " exited with status " + process.exitValue()
                    + "; the end of " + logFile + ":\n" + logTail(30));
        }
    }

    /** Asks the child to stop (SIGTERM), waits up to {@code grace}, then kills it. Idempotent. */
    public void stop(Duration grace) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Kills the child at once (SIGKILL), as a crash would, and waits for it to be gone. */
    public void kill() {
        try {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits up to {@code timeout} for the child to exit; whether it has. */
    public boolean waitForExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The last lines the child wrote. */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no output at " + logFile + ")";
        }
    }
}
