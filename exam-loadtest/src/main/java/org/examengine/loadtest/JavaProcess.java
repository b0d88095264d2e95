package org.examengine.loadtest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A JVM started by the harness: the server under test, the baseline server, or a one-off command such as
 * issuing the first ADMIN token. It runs the same {@code java} as the harness with the harness's own classpath
 * (or a given jar), its output going to a log file. {@link #close()} asks it to stop (SIGTERM, so that shutdown
 * hooks close the database) and kills it when it has not stopped after 30 s.
 */
final class JavaProcess implements AutoCloseable {

    static final String HOST = "127.0.0.1";

    private final Process process;
    private final List<String> command;
    private final Path log;
    private final int port;

    private JavaProcess(Process process, List<String> command, Path log, int port) {
        this.process = process;
        this.command = command;
        this.log = log;
        this.port = port;
    }

    /** The command line that starts a JVM with {@code jvmOptions} running {@code mainClass} with {@code args}. */
    static List<String> commandLine(List<String> jvmOptions, Path jar, String mainClass, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(jar != null ? jar.toString() : System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(args);
        return cmd;
    }

    /**
     * Starts a server and waits until {@code GET /health} answers 200 on {@code port}.
     *
     * @throws IllegalStateException when it exits or does not answer within {@code startSeconds}
     */
    static JavaProcess startServer(List<String> command, Path log, int port, int startSeconds) {
        Process p = launch(command, log);
        JavaProcess server = new JavaProcess(p, command, log, port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(startSeconds);
        try (HttpConnection http = new HttpConnection(HOST, port)) {
            while (System.nanoTime() < deadline) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("the server exited with " + p.exitValue() + ": " + tail(log));
                }
                try {
                    if (http.send("GET", "/health", null, null, null).status() == 200) {
                        return server;
                    }
                } catch (IOException notYet) {
                    sleep(100);
                }
            }
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        server.close();
        throw new IllegalStateException("the server did not answer within " + startSeconds + " s: " + tail(log));
    }

    /**
     * Runs a command to its end and returns what it printed on standard output.
     *
     * @throws IllegalStateException when it exits with another code than 0 or runs longer than 120 s
     */
    static String run(List<String> command, Path log) {
        Process p = launch(command, log);
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("command did not finish: " + String.join(" ", command));
            }
            String out = Files.readString(log, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IllegalStateException("command failed with " + p.exitValue() + ": " + out);
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IllegalStateException("interrupted", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Process launch(List<String> command, Path log) {
        try {
            return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command.get(0), e);
        }
    }

    /** A port free on 127.0.0.1 at the time of asking. */
    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return port;
    }

    List<String> command() {
        return command;
    }

    /** The process, to read its CPU time. */
    ProcessHandle process() {
        return process.toHandle();
    }

    private static String tail(Path log) {
        try {
            String text = Files.readString(log, StandardCharsets.UTF_8);
            return text.length() > 2_000 ? text.substring(text.length() - 2_000) : text;
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Stops the JVM (SIGTERM, then a kill after 30 s) and waits for it to be gone. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** The last lines the process printed, for error messages. */
    String logTail() {
        return tail(log);
    }
}
