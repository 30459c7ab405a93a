package io.bqsftp.support;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** POSIX signals Java has no API for (SIGSTOP, SIGCONT), through {@code kill(1)}. */
public final class Signals {
  private Signals() {}

  public static void stop(long pid) throws IOException, InterruptedException {
    send("STOP", pid);
  }

  public static void resume(long pid) throws IOException, InterruptedException {
    send("CONT", pid);
  }

  public static void kill(long pid) throws IOException, InterruptedException {
    send("KILL", pid);
  }

  private static void send(String signal, long pid) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).redirectErrorStream(true).start();
    if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
      throw new IOException("kill -" + signal + " " + pid + " failed: " + new String(kill.getInputStream().readAllBytes()));
    }
  }
}
