package io.bqsftp.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.common.session.helpers.AbstractSession;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.sftp.SftpModuleProperties;
import org.apache.sshd.sftp.server.AbstractSftpSubsystemHelper;
import org.apache.sshd.sftp.server.FileHandle;
import org.apache.sshd.sftp.server.SftpEventListener;
import org.apache.sshd.sftp.server.SftpSubsystem;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An SFTP server in this JVM (Apache MINA SSHD) for the demo and for tests: one user with a
 * password and/or authorized public keys, files under a root directory, 127.0.0.1 only.
 *
 * <p>Fault injection (each can be switched at any time and affects requests from then on):
 * {@link #dropSessionsAfterBytes(long)}, {@link #refuseRenames(boolean)},
 * {@link #refuseWrites(boolean)}, {@link #denyWrites(boolean)}, {@link #writeDelay(Duration)}, and, for new sessions,
 * {@link #advertisePosixRename(boolean)}. Observations: {@link #activeSessions()},
 * {@link #maxConcurrentSessions()}, {@link #bytesWritten()}, {@link #maxQueuedRequests()}.
 */
public final class EmbeddedSftpServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedSftpServer.class);
  public static final String HOST = "127.0.0.1";

  static {
    // MINA routes ciphers and MACs through Bouncy Castle when it is on the classpath: pure-Java
    // AES-GCM halves the server's throughput. Keep BC for what the JDK lacks (EdDSA keys), use
    // the JDK's AES. An explicit system property still wins.
    for (String entity : new String[] {"Cipher", "Mac"}) {
      String key = "org.apache.sshd.security.provider.BC." + entity;
      if (System.getProperty(key) == null) {
        System.setProperty(key, "none");
      }
    }
  }

  private final List<PublicKey> authorizedKeys = new CopyOnWriteArrayList<>();
  private Path hostKeyFile;
  private int requestedPort;

  private SshServer sshd;
  private PublicKey hostKey;

  // Faults
  private volatile long dropAfterBytes = -1;
  private volatile boolean refuseRenames;
  private volatile boolean refuseWrites;
  private volatile boolean denyWrites;
  private volatile long writeDelayNanos;
  private volatile boolean posixRename = true;

  // Observations
  private final AtomicInteger activeSessions = new AtomicInteger();
  private final AtomicInteger maxConcurrentSessions = new AtomicInteger();
  private final AtomicLong bytesWritten = new AtomicLong();
  private final AtomicInteger maxQueuedRequests = new AtomicInteger();
  private final AtomicInteger droppedTimes = new AtomicInteger();

  /**
   * Keeps the host key in this file (created on first start), so restarts present the same key.
   * Without it a key is generated in memory for each start.
   */
  public EmbeddedSftpServer hostKeyFile(Path file) {
    this.hostKeyFile = file;
    return this;
  }

  /** Port to listen on; 0 (the default) picks a free one. */
  public EmbeddedSftpServer port(int port) {
    this.requestedPort = port;
    return this;
  }

  /** Lets the user log in with this key as well. */
  public EmbeddedSftpServer authorizedKey(PublicKey key) {
    authorizedKeys.add(Objects.requireNonNull(key));
    return this;
  }

  /** Lets the user log in with this key: one authorized_keys / .pub line ("ssh-ed25519 AAAA..."). */
  public EmbeddedSftpServer authorizedKey(String publicKeyLine) throws IOException {
    try {
      return authorizedKey(PublicKeyEntry.parsePublicKeyEntry(publicKeyLine.strip())
          .resolvePublicKey(null, null, PublicKeyEntryResolver.FAILING));
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new IOException("not an OpenSSH public key line: " + e.getMessage(), e);
    }
  }

  /**
   * Starts serving {@code root} as the user's file system on 127.0.0.1.
   *
   * @param password the user's password, or null for public key logins only
   */
  public synchronized EmbeddedSftpServer start(Path root, String user, String password)
      throws IOException {
    if (sshd != null) {
      throw new IllegalStateException("already started on port " + port());
    }
    Files.createDirectories(root);
    SshServer server = SshServer.setUpDefaultServer();
    server.setHost(HOST);
    server.setPort(requestedPort);
    SimpleGeneratorHostKeyProvider keys = hostKeyFile != null
        ? new SimpleGeneratorHostKeyProvider(hostKeyFile) : new SimpleGeneratorHostKeyProvider();
    server.setKeyPairProvider(keys);
    server.setPasswordAuthenticator((u, p, session) ->
        password != null && user.equals(u) && password.equals(p));
    server.setPublickeyAuthenticator((u, key, session) -> user.equals(u)
        && authorizedKeys.stream().anyMatch(k -> KeyUtils.compareKeys(k, key)));
    server.setKeyboardInteractiveAuthenticator(null);
    server.setFileSystemFactory(new VirtualFileSystemFactory(root.toAbsolutePath()));
    SftpSubsystemFactory sftp = new FaultInjectingSftpFactory();
    sftp.addSftpEventListener(new FaultInjectingListener());
    server.setSubsystemFactories(List.of(sftp));
    server.addSessionListener(new SessionCounter());
    applyPosixRenameSetting(server);
    server.start();
    try {
      KeyPair pair = keys.loadKeys(null).iterator().next();
      hostKey = pair.getPublic();
    } catch (RuntimeException e) {
      server.stop(true);
      throw new IOException("cannot load the host key of the embedded SFTP server", e);
    }
    sshd = server;
    LOG.info("embedded SFTP server on {}:{} serving {} (host key {})", HOST, port(), root,
        hostKeyFingerprint());
    return this;
  }

  public String host() {
    return HOST;
  }

  public int port() {
    return running().getPort();
  }

  public PublicKey hostKey() {
    running();
    return hostKey;
  }

  /** "SHA256:..." as OpenSSH prints it. */
  public String hostKeyFingerprint() {
    return KeyUtils.getFingerPrint(hostKey());
  }

  /** The known_hosts line for this server: "[127.0.0.1]:port type base64". */
  public String knownHostsLine() {
    return "[" + HOST + "]:" + port() + " " + PublicKeyEntry.toString(hostKey());
  }

  /** Stops listening and closes every session; the server can be started again. */
  public synchronized void stop() {
    if (sshd != null) {
      try {
        sshd.stop(true);
      } catch (IOException e) {
        LOG.warn("error stopping the embedded SFTP server", e);
      }
      sshd = null;
    }
  }

  @Override
  public void close() {
    stop();
  }

  // ---- fault injection ----

  /**
   * The first write that would take a file past {@code bytes} closes every session instead (as a
   * server dying mid-file); then the trigger disarms, so reconnects work. Negative disarms.
   */
  public void dropSessionsAfterBytes(long bytes) {
    dropAfterBytes = bytes;
  }

  /** Answers every rename with a failure status. */
  public void refuseRenames(boolean refuse) {
    refuseRenames = refuse;
  }

  /** Answers every write with a failure status. */
  public void refuseWrites(boolean refuse) {
    refuseWrites = refuse;
  }

  /**
   * Answers every write with permission denied (as a server whose folder the user may not write):
   * a status no retry overcomes, where {@link #refuseWrites} is a plain failure.
   */
  public void denyWrites(boolean deny) {
    denyWrites = deny;
  }

  /** Holds each write this long before doing it (a slow disk or a long round trip). */
  public void writeDelay(Duration delay) {
    writeDelayNanos = delay.toNanos();
  }

  /**
   * Whether sessions started from now on advertise posix-rename@openssh.com (on by default, as
   * OpenSSH does); off makes clients fall back to plain SFTP rename.
   */
  public void advertisePosixRename(boolean advertise) {
    posixRename = advertise;
    SshServer server = sshd;
    if (server != null) {
      applyPosixRenameSetting(server);
    }
  }

  /** Switches every fault off. */
  public void clearFaults() {
    dropAfterBytes = -1;
    refuseRenames = false;
    refuseWrites = false;
    denyWrites = false;
    writeDelayNanos = 0;
    advertisePosixRename(true);
  }

  // ---- observations ----

  /** SSH sessions open now. */
  public int activeSessions() {
    return activeSessions.get();
  }

  /** Most SSH sessions open at the same time since start or {@link #resetStats()}. */
  public int maxConcurrentSessions() {
    return maxConcurrentSessions.get();
  }

  /** Bytes written into files. */
  public long bytesWritten() {
    return bytesWritten.get();
  }

  /**
   * Most SFTP requests that had arrived and waited behind the write being done: above 0 only
   * when the client sends writes without waiting for each reply.
   */
  public int maxQueuedRequests() {
    return maxQueuedRequests.get();
  }

  /** How often {@link #dropSessionsAfterBytes(long)} fired. */
  public int sessionDrops() {
    return droppedTimes.get();
  }

  public void resetStats() {
    maxConcurrentSessions.set(activeSessions.get());
    bytesWritten.set(0);
    maxQueuedRequests.set(0);
    droppedTimes.set(0);
  }

  private SshServer running() {
    SshServer server = sshd;
    if (server == null) {
      throw new IllegalStateException("embedded SFTP server is not running");
    }
    return server;
  }

  private void applyPosixRenameSetting(SshServer server) {
    if (posixRename) {
      SftpModuleProperties.OPENSSH_EXTENSIONS.remove(server);
    } else {
      String others = AbstractSftpSubsystemHelper.DEFAULT_OPEN_SSH_EXTENSIONS.stream()
          .filter(e -> !e.getName().startsWith("posix-rename"))
          .map(e -> e.getName() + "=" + e.getVersion())
          .collect(Collectors.joining(","));
      SftpModuleProperties.OPENSSH_EXTENSIONS.set(server, others);
    }
  }

  private void dropAllSessions() {
    droppedTimes.incrementAndGet();
    SshServer server = sshd;
    if (server == null) {
      return;
    }
    for (AbstractSession session : server.getActiveSessions()) {
      session.close(true);
    }
  }

  /** The stock SFTP subsystem, measuring how many requests queue up behind each write. */
  private final class FaultInjectingSftpFactory extends SftpSubsystemFactory {
    @Override
    public Command createSubsystem(ChannelSession channel) throws IOException {
      SftpSubsystem subsystem = new SftpSubsystem(channel, this) {
        @Override
        protected void doWrite(int id, String handle, long offset, int length, byte[] data,
            int doff, int remaining) throws IOException {
          maxQueuedRequests.accumulateAndGet(requests.size(), Math::max);
          super.doWrite(id, handle, offset, length, data, doff, remaining);
        }
      };
      getRegisteredListeners().forEach(subsystem::addSftpEventListener);
      return subsystem;
    }
  }

  private final class FaultInjectingListener implements SftpEventListener {
    @Override
    public void writing(ServerSession session, String remoteHandle, FileHandle localHandle,
        long offset, byte[] data, int dataOffset, int dataLen) throws IOException {
      long delay = writeDelayNanos;
      if (delay > 0) {
        try {
          Thread.sleep(delay / 1_000_000, (int) (delay % 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted");
        }
      }
      // Data files only: the exporter's own small lock files stay writable, as on a partner
      // server whose quota is nearly used up.
      String written = localHandle.getFile().getFileName().toString();
      boolean lockFile = written.startsWith(".bqsftp-") && written.contains(".lock.");
      if (refuseWrites && !lockFile) {
        throw new IOException("write refused (fault injection)");
      }
      if (denyWrites && !lockFile) {
        // MINA answers an AccessDeniedException with SSH_FX_PERMISSION_DENIED.
        throw new java.nio.file.AccessDeniedException(written, null, "write denied (fault injection)");
      }
      long limit = dropAfterBytes;
      if (limit >= 0 && offset + dataLen > limit) {
        dropAfterBytes = -1;
        LOG.info("fault injection: dropping all sessions at offset {} of {}", offset,
            localHandle.getFile());
        dropAllSessions();
        throw new IOException("session dropped (fault injection)");
      }
    }

    @Override
    public void written(ServerSession session, String remoteHandle, FileHandle localHandle,
        long offset, byte[] data, int dataOffset, int dataLen, Throwable thrown) {
      if (thrown == null) {
        bytesWritten.addAndGet(dataLen);
      }
    }

    @Override
    public void moving(ServerSession session, Path srcPath, Path dstPath,
        Collection<java.nio.file.CopyOption> opts) throws IOException {
      if (refuseRenames) {
        throw new IOException("rename refused (fault injection)");
      }
    }
  }

  private final class SessionCounter implements SessionListener {
    @Override
    public void sessionCreated(Session session) {
      int now = activeSessions.incrementAndGet();
      maxConcurrentSessions.accumulateAndGet(now, Math::max);
    }

    @Override
    public void sessionClosed(Session session) {
      activeSessions.decrementAndGet();
    }
  }

  /** For the demo: serves a directory until killed. Args: root [port] [user] [password]. */
  public static void main(String[] args) throws Exception {
    Path root = Paths.get(args.length > 0 ? args[0] : "demo-out/sftp");
    int port = args.length > 1 ? Integer.parseInt(args[1]) : 2222;
    String user = args.length > 2 ? args[2] : "demo";
    String password = args.length > 3 ? args[3] : "demo";
    EmbeddedSftpServer server = new EmbeddedSftpServer()
        .hostKeyFile(root.resolveSibling("sftp-host-key"))
        .port(port)
        .start(root, user, password);
    System.out.println(server.knownHostsLine());
    Thread.currentThread().join();
  }
}
