package io.bqsftp.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The OpenSSH session processes serving one client process: the children of the sshd listener
 * whose TCP connection leads to that client. Other tests share the server, so sessions are matched
 * by socket ({@code ss -tnp}), not by age.
 */
public final class SshdSessions {
  private static final Pattern PID = Pattern.compile("pid=(\\d+),");

  private final long listenerPid;
  private final int port;

  public SshdSessions(long listenerPid, int port) {
    this.listenerPid = listenerPid;
    this.port = port;
  }

  /** The listener named by an sshd PidFile. */
  public static SshdSessions fromPidFile(Path pidFile, int port) throws IOException {
    return new SshdSessions(Long.parseLong(Files.readString(pidFile).trim()), port);
  }

  /** Whether {@code ss} (iproute2) is there to match sockets. */
  public static boolean available() {
    try {
      Process ss = new ProcessBuilder("ss", "-V").redirectErrorStream(true).start();
      return ss.waitFor(5, TimeUnit.SECONDS) && ss.exitValue() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  /** A session: the listener's child for one connection, with its privilege-separated children. */
  public record Session(ProcessHandle root) {
    /** Root first, then every descendant. */
    public List<Long> pids() {
      List<Long> pids = new ArrayList<>();
      pids.add(root.pid());
      root.descendants().forEach(p -> pids.add(p.pid()));
      return pids;
    }
  }

  /** The sessions currently serving connections opened by process {@code clientPid}. */
  public List<Session> of(long clientPid) throws IOException, InterruptedException {
    List<String> lines = established();
    Set<Integer> clientPorts = new HashSet<>();
    for (String line : lines) {
      String[] f = line.trim().split("\\s+");
      if (f.length >= 5 && f[4].contains("pid=" + clientPid + ",") && f[3].endsWith(":" + port)) {
        clientPorts.add(portOf(f[2]));
      }
    }
    Set<Long> serverPids = new LinkedHashSet<>();
    for (String line : lines) {
      String[] f = line.trim().split("\\s+");
      if (f.length >= 5 && f[2].endsWith(":" + port) && clientPorts.contains(portOf(f[3]))) {
        Matcher m = PID.matcher(f[4]);
        while (m.find()) {
          serverPids.add(Long.parseLong(m.group(1)));
        }
      }
    }
    Set<Long> roots = new LinkedHashSet<>();
    for (long pid : serverPids) {
      sessionRoot(pid).ifPresent(roots::add);
    }
    List<Session> sessions = new ArrayList<>();
    roots.forEach(pid -> ProcessHandle.of(pid).ifPresent(h -> sessions.add(new Session(h))));
    return sessions;
  }

  /** Walks up from an sshd process to the listener's child that forked it. */
  private Optional<Long> sessionRoot(long pid) {
    Optional<ProcessHandle> current = ProcessHandle.of(pid);
    while (current.isPresent()) {
      Optional<ProcessHandle> parent = current.get().parent();
      if (parent.isPresent() && parent.get().pid() == listenerPid) {
        return Optional.of(current.get().pid());
      }
      current = parent;
    }
    return Optional.empty();
  }

  private static int portOf(String address) {
    return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
  }

  private static List<String> established() throws IOException, InterruptedException {
    Process ss = new ProcessBuilder("ss", "-tnpH", "state", "established").redirectErrorStream(true).start();
    byte[] out = ss.getInputStream().readAllBytes();
    if (!ss.waitFor(10, TimeUnit.SECONDS) || ss.exitValue() != 0) {
      throw new IOException("ss failed: " + new String(out, StandardCharsets.UTF_8));
    }
    return new String(out, StandardCharsets.UTF_8).lines().toList();
  }
}
