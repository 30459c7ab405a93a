package io.bqsftp.sftp;

import java.security.Security;
import java.util.ArrayList;
import java.util.List;
import net.schmizz.keepalive.KeepAliveProvider;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.common.Factory;
import net.schmizz.sshj.common.SecurityUtils;
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
   * provider every cipher runs in slow pure-Java code (about 6x slower uploads). What only Bouncy
   * Castle has and sshj asks for, the "ECDSA" key factory, comes from {@link EcdsaKeyFactoryProvider}
   * as the JVM's last provider.
   */
  static void initOnce() {
    if (!initialized) {
      synchronized (LOCK) {
        if (!initialized) {
          SecurityUtils.setRegisterBouncyCastle(false);
          if (Security.getProvider(EcdsaKeyFactoryProvider.NAME) == null) {
            Security.addProvider(new EcdsaKeyFactoryProvider());
          }
          initialized = true;
        }
      }
    }
  }

  /**
   * A fresh client config offering exactly {@code cipherOrder} (sshj names, most preferred
   * first; names sshj lacks are skipped), ETM MACs with SHA-256 first (for CTR ciphers; AEAD
   * ciphers need none), and keepalive.
   */
  static DefaultConfig newConfig(List<String> cipherOrder) {
    initOnce();
    if (cipherOrder.contains(CHACHA20_POLY1305)) {
      registerBouncyCastle();
    }
    DefaultConfig config = new DefaultConfig();
    config.setCipherFactories(ordered(config.getCipherFactories(), cipherOrder, false));
    config.setMACFactories(ordered(config.getMACFactories(), MAC_ORDER, true));
    // KEEP_ALIVE (keepalive@openssh.com with replies) detects a dead peer; HEARTBEAT only sends.
    config.setKeepAliveProvider(KeepAliveProvider.KEEP_ALIVE);
    return config;
  }

  /** The one cipher sshj builds on Bouncy Castle's Poly1305, offered only when a partner needs it. */
  static final String CHACHA20_POLY1305 = "chacha20-poly1305@openssh.com";

  /** As the JVM's last provider, so ciphers sshj finds in both still come from the JDK. */
  private static void registerBouncyCastle() {
    synchronized (LOCK) {
      if (Security.getProvider(BouncyCastleProvider.PROVIDER_NAME) == null) {
        Security.addProvider(new BouncyCastleProvider());
      }
    }
  }

  /** Cheapest per byte first (docs/performance.md): SHA-256 beats SHA-512 by 2x in the JDK. */
  static final List<String> MAC_ORDER = List.of(
      "hmac-sha2-256-etm@openssh.com", "hmac-sha2-512-etm@openssh.com", "hmac-sha2-256", "hmac-sha2-512");

  /** {@code available} in {@code order}; the rest after them when {@code keepRest}, else dropped. */
  static <T> List<Factory.Named<T>> ordered(List<Factory.Named<T>> available, List<String> order, boolean keepRest) {
    List<Factory.Named<T>> result = new ArrayList<>();
    for (String name : order) {
      for (Factory.Named<T> factory : available) {
        if (factory.getName().equals(name)) {
          result.add(factory);
        }
      }
    }
    if (keepRest) {
      for (Factory.Named<T> factory : available) {
        if (!order.contains(factory.getName())) {
          result.add(factory);
        }
      }
    }
    return result;
  }
}
