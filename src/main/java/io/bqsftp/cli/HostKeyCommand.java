package io.bqsftp.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.bqsftp.sftp.HostKeyScanner;
import io.bqsftp.sftp.HostKeyScanner.HostKey;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Prints an SFTP server's host keys with their SHA256 fingerprints and known_hosts lines, for
 * {@code sftp.host_key_fingerprint} / {@code sftp.known_hosts_file}. Nothing is trusted or saved.
 * Exit 0 when at least one key was read, 1 when the server could not be scanned, 2 for bad usage.
 */
@Command(name = "hostkey", mixinStandardHelpOptions = true,
    description = "Print an SSH server's host keys (SHA256 fingerprints and known_hosts lines) without trusting them.")
public final class HostKeyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "HOST[:PORT]", description = "Server to scan; port 22 by default ([::1]:2222 for IPv6).")
  String target;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "10", description = "Connect and read timeout (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Target parsed;
    try {
      parsed = Target.parse(target);
    } catch (IllegalArgumentException e) {
      err.println("hostkey: " + e.getMessage());
      return 2;
    }
    // Each exchange ends with sshj logging the refused key or the missing key type as ERROR: that
    // is how the scan works, not a failure. Real failures come back as exceptions, printed below.
    ((Logger) LoggerFactory.getLogger("net.schmizz")).setLevel(Level.OFF);
    HostKeyScanner.Scan scan;
    try {
      scan = new HostKeyScanner(Duration.ofSeconds(Math.max(1, timeoutSeconds))).scan(parsed.host(), parsed.port());
    } catch (IOException e) {
      err.println("hostkey: " + e.getMessage());
      return 1;
    }
    if (scan.keys().isEmpty()) {
      err.println("hostkey: " + parsed.host() + ":" + parsed.port() + " (" + scan.serverVersion()
          + ") offered no host key of a type this client supports");
      return 1;
    }
    out.println("# " + parsed.host() + ":" + parsed.port() + " " + scan.serverVersion());
    out.println("# SHA256 fingerprints (one goes in sftp.host_key_fingerprint):");
    for (HostKey key : scan.keys()) {
      out.println(String.format("%-20s %s", key.type(), key.fingerprint()));
    }
    out.println("# known_hosts lines (for the file named by sftp.known_hosts_file):");
    for (HostKey key : scan.keys()) {
      out.println(key.knownHostsLine());
    }
    out.flush();
    err.println("hostkey: nothing was trusted; compare these fingerprints with the ones the server's"
        + " operator gives you (ssh-keygen -lf on the server's /etc/ssh/ssh_host_*_key.pub) before using them.");
    err.flush();
    return 0;
  }

  /** {@code host}, {@code host:port}, {@code [v6]} or {@code [v6]:port}. */
  record Target(String host, int port) {
    static Target parse(String text) {
      String s = text == null ? "" : text.strip();
      if (s.isEmpty()) {
        throw new IllegalArgumentException("HOST[:PORT] is empty");
      }
      String host;
      String port = null;
      if (s.startsWith("[")) {
        int close = s.indexOf(']');
        if (close < 0) {
          throw new IllegalArgumentException("'" + s + "': missing ']' after an IPv6 address");
        }
        host = s.substring(1, close);
        String rest = s.substring(close + 1);
        if (!rest.isEmpty()) {
          if (!rest.startsWith(":")) {
            throw new IllegalArgumentException("'" + s + "': expected ':PORT' after ']'");
          }
          port = rest.substring(1);
        }
      } else if (s.indexOf(':') != s.lastIndexOf(':')) {
        host = s; // a bare IPv6 address: port 22
      } else if (s.contains(":")) {
        host = s.substring(0, s.indexOf(':'));
        port = s.substring(s.indexOf(':') + 1);
      } else {
        host = s;
      }
      if (host.isEmpty()) {
        throw new IllegalArgumentException("'" + s + "': no host");
      }
      return new Target(host, port == null ? 22 : parsePort(port, s));
    }

    private static int parsePort(String port, String whole) {
      try {
        int p = Integer.parseInt(port);
        if (p >= 1 && p <= 65535) {
          return p;
        }
      } catch (NumberFormatException e) {
        // fall through
      }
      throw new IllegalArgumentException("'" + whole + "': port must be a number from 1 to 65535");
    }
  }
}
