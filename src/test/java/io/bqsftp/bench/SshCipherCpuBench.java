package io.bqsftp.bench;

import com.hierynomus.sshj.transport.cipher.BlockCiphers;
import com.hierynomus.sshj.transport.cipher.ChachaPolyCiphers;
import com.hierynomus.sshj.transport.cipher.GcmCiphers;
import com.hierynomus.sshj.transport.mac.Macs;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.Security;
import java.util.List;
import java.util.Random;
import net.schmizz.sshj.common.Factory;
import net.schmizz.sshj.common.SecurityUtils;
import net.schmizz.sshj.transport.cipher.Cipher;
import net.schmizz.sshj.transport.mac.MAC;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * What sshj spends per byte sealing SSH packets with each cipher (and MAC), on one thread, timed
 * by thread CPU time: 32 KiB packets as an SFTP upload sends them, the packet-length field as
 * associated data for AEAD ciphers, encrypt-then-MAC over the encrypted packet for CTR.
 * {@code SshCipherCpuBench jdk|bc SECONDS} prints MB per CPU-second for each.
 */
public final class SshCipherCpuBench {
  private static final int PACKET = 32 * 1024;

  private SshCipherCpuBench() {}

  public static void main(String[] args) throws Exception {
    boolean bc = args.length > 0 && args[0].equals("bc");
    double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 3;
    if (bc) {
      Security.addProvider(new BouncyCastleProvider());
      SecurityUtils.setSecurityProvider(BouncyCastleProvider.PROVIDER_NAME);
    } else {
      SecurityUtils.setRegisterBouncyCastle(false);
      Security.addProvider(new BouncyCastleProvider()); // last, as SshjSettings does
    }
    record Case(Factory.Named<Cipher> cipher, Factory.Named<MAC> mac) {}
    List<Case> cases = List.of(
        new Case(GcmCiphers.AES128GCM(), null),
        new Case(GcmCiphers.AES256GCM(), null),
        new Case(ChachaPolyCiphers.CHACHA_POLY_OPENSSH(), null),
        new Case(BlockCiphers.AES128CTR(), Macs.HMACSHA2256Etm()),
        new Case(BlockCiphers.AES256CTR(), Macs.HMACSHA2256Etm()),
        new Case(BlockCiphers.AES128CTR(), Macs.HMACSHA2512Etm()),
        new Case(BlockCiphers.AES128CTR(), Macs.HMACSHA1Etm()));
    for (Case c : cases) {
      try {
        double mbPerCpuSecond = run(c.cipher().create(), c.mac() == null ? null : c.mac().create(), seconds);
        System.out.printf("%s %-32s %-28s %7.1f MB per CPU-second%n", bc ? "bc " : "jdk",
            c.cipher().getName(), c.mac() == null ? "(aead)" : c.mac().getName(), mbPerCpuSecond);
      } catch (Exception | LinkageError e) {
        System.out.printf("%s %-32s failed: %s%n", bc ? "bc " : "jdk", c.cipher().getName(), e);
      }
    }
  }

  private static double run(Cipher cipher, MAC mac, double seconds) {
    Random random = new Random(1);
    byte[] key = new byte[cipher.getBlockSize() == 8 ? 64 : 64];
    byte[] iv = new byte[Math.max(16, cipher.getIVSize())];
    random.nextBytes(key);
    random.nextBytes(iv);
    cipher.init(Cipher.Mode.Encrypt, key, iv);
    if (mac != null) {
      byte[] macKey = new byte[64];
      random.nextBytes(macKey);
      mac.init(macKey);
    }
    byte[] packet = new byte[4 + PACKET + 64];
    random.nextBytes(packet);
    byte[] tag = new byte[64];
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long warmupEnd = threads.getCurrentThreadCpuTime() + (long) (seconds * 1e9);
    while (threads.getCurrentThreadCpuTime() < warmupEnd) {
      seal(cipher, mac, packet, tag, 0);
    }
    long start = threads.getCurrentThreadCpuTime();
    long bytes = 0;
    long now;
    int seq = 0;
    do {
      for (int i = 0; i < 16; i++) {
        seal(cipher, mac, packet, tag, seq++);
        bytes += PACKET;
      }
      now = threads.getCurrentThreadCpuTime();
    } while (now - start < seconds * 1e9);
    return bytes / 1e6 / ((now - start) / 1e9);
  }

  private static void seal(Cipher cipher, MAC mac, byte[] packet, byte[] tag, int seq) {
    if (mac == null) {
      cipher.updateAAD(packet, 0, 4);
      cipher.update(packet, 4, PACKET);
    } else {
      cipher.update(packet, 4, PACKET);
      mac.update(seq);
      mac.update(packet, 0, 4 + PACKET);
      mac.doFinal(tag, 0);
    }
  }
}
