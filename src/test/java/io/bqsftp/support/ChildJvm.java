package io.bqsftp.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A command of this project ({@code io.bqsftp.Main ARGS}) in a child JVM on the test classpath,
 * its stdout and stderr in files of the test's folder, so that it can be killed, stopped or
 * interrupted like a real deployment and read back afterwards.
 */
public final class ChildJvm implements AutoCloseable {
  private final String name;
  private final Process process;
  private final Path stdout;
  private final Path stderr;
  private final long startedNanos = System.nanoTime();

  private ChildJvm(String name, Process process, Path stdout, Path stderr) {
    this.name = name;
    this.process = process;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  /**
   * Starts {@code io.bqsftp.Main args} with the given {@code -D} properties; output goes to
   * {@code dir/name.out} and {@code dir/name.err}.
   */
  public static ChildJvm start(Path dir, String name, List<String> systemProperties, List<String> args) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java, "--add-opens=java.base/java.nio=ALL-UNNAMED",
        // Short-lived processes: start fast rather than peak.
        "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m"));
    systemProperties.forEach(p -> command.add("-D" + p));
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.bqsftp.Main"));
    command.addAll(args);
    Path out = dir.resolve(name + ".out");
    Path err = dir.resolve(name + ".err");
    Process process = new ProcessBuilder(command)
        .redirectOutput(out.toFile())
        .redirectError(err.toFile())
        .start();
    return new ChildJvm(name, process, out, err);
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

  public String stdout() {
    return read(stdout);
  }

  public String stderr() {
    return read(stderr);
  }

  /** Waits until stderr holds {@code text}; fails with the output when the process ends first. */
  public void awaitStderr(String text, Duration timeout) throws InterruptedException {
    await(stderr, text, timeout);
  }

  /** Waits until stdout holds {@code text}; fails with the output when the process ends first. */
  public void awaitStdout(String text, Duration timeout) throws InterruptedException {
    await(stdout, text, timeout);
  }

  private void await(Path stream, String text, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!read(stream).contains(text)) {
      if (!process.isAlive()) {
        throw new AssertionError(name + " exited (" + process.exitValue() + ") before printing '" + text + "'\n" + output());
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(name + " did not print '" + text + "' within " + timeout + "\n" + output());
      }
      Thread.sleep(20);
    }
  }

  /** Waits for the exit code; fails with the output when the process outlives {@code timeout}. */
  public int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError(name + " still running after " + timeout + "\n" + output());
    }
    System.err.printf("child %s exited %d after %d ms%n", name, process.exitValue(),
        (System.nanoTime() - startedNanos) / 1_000_000);
    return process.exitValue();
  }

  /** Whether the process ended within {@code timeout}. */
  public boolean awaitExitWithin(Duration timeout) throws InterruptedException {
    return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** SIGKILL, and wait until it is gone. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** SIGTERM (the JVM runs its shutdown hooks). */
  public void terminate() {
    process.destroy();
  }

  /** Both streams, for failure messages. */
  public String output() {
    return "--- " + name + " stdout ---\n" + stdout() + "\n--- " + name + " stderr (tail) ---\n" + tail(stderr(), 6000);
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }

  private static String tail(String text, int chars) {
    return text.length() <= chars ? text : "..." + text.substring(text.length() - chars);
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }
}
