package io.bqsftp.sftp;

import com.hierynomus.sshj.transport.cipher.BlockCiphers;
import com.hierynomus.sshj.transport.cipher.GcmCiphers;
import java.security.Security;
import java.util.ArrayList;
import java.util.List;
import net.schmizz.keepalive.KeepAliveProvider;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.common.Factory;
import net.schmizz.sshj.common.SecurityUtils;
import net.schmizz.sshj.transport.cipher.Cipher;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * sshj settings shared by every connection: JDK crypto instead of Bouncy Castle, fast ciphers
 * first, keepalive that notices dead servers.
 */
final class SshjSettings {

  /** Seconds between keepalive@openssh.com requests on an open connection. */
  static final int KEEPALIVE_INTERVAL_SECONDS = 15;

  private static final Object LOCK = new Object();
  private static volatile boolean initialized;

  private SshjSettings() {}

  /**
   * Must run before the first sshj client or config is created: with Bouncy Castle as sshj's
   * provider every cipher runs in slow pure-Java code (about 6x slower uploads). Bouncy Castle is
   * still added as the JVM's last provider, so what only it has (the "ECDSA" key factory sshj asks
   * for to read ecdsa-sha2-nistp* host keys) is found, while ciphers come from the JDK first.
   */
  static void initOnce() {
    if (!initialized) {
      synchronized (LOCK) {
        if (!initialized) {
          SecurityUtils.setRegisterBouncyCastle(false);
          if (Security.getProvider(BouncyCastleProvider.PROVIDER_NAME) == null) {
            Security.addProvider(new BouncyCastleProvider());
          }
          initialized = true;
        }
      }
    }
  }

  /** A fresh client config: AES-GCM, then AES-CTR, then whatever else sshj offers. */
  static DefaultConfig newConfig() {
    initOnce();
    DefaultConfig config = new DefaultConfig();
    List<Factory.Named<Cipher>> preferred = new ArrayList<>(List.of(
        GcmCiphers.AES128GCM(), GcmCiphers.AES256GCM(),
        BlockCiphers.AES128CTR(), BlockCiphers.AES192CTR(), BlockCiphers.AES256CTR()));
    List<String> preferredNames = preferred.stream().map(Factory.Named::getName).toList();
    for (Factory.Named<Cipher> available : config.getCipherFactories()) {
      if (!preferredNames.contains(available.getName())) {
        preferred.add(available);
      }
    }
    config.setCipherFactories(preferred);
    // KEEP_ALIVE (keepalive@openssh.com with replies) detects a dead peer; HEARTBEAT only sends.
    config.setKeepAliveProvider(KeepAliveProvider.KEEP_ALIVE);
    return config;
  }
}
