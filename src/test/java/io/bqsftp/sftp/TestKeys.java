package io.bqsftp.sftp;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyEncryptionContext;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;

/** Client key pairs for tests, written as OpenSSH private key files (optionally encrypted). */
final class TestKeys {
  private TestKeys() {}

  static KeyPair ed25519() throws Exception {
    return org.apache.sshd.common.util.security.SecurityUtils.getKeyPairGenerator("Ed25519")
        .generateKeyPair();
  }

  static KeyPair rsa() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(3072);
    return generator.generateKeyPair();
  }

  /** The OpenSSH private key text ("-----BEGIN OPENSSH PRIVATE KEY-----"). */
  static String privateKeyText(KeyPair pair, String passphrase) throws Exception {
    OpenSSHKeyEncryptionContext encryption = null;
    if (passphrase != null) {
      encryption = new OpenSSHKeyEncryptionContext();
      encryption.setCipherName("AES");
      encryption.setCipherMode("CTR");
      encryption.setCipherType("256");
      encryption.setPassword(passphrase);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(pair, "test", encryption, out);
    return out.toString(StandardCharsets.UTF_8);
  }

  static Path writePrivateKey(Path dir, String name, KeyPair pair, String passphrase)
      throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, privateKeyText(pair, passphrase));
    return file;
  }

  static String publicKeyLine(KeyPair pair) {
    return PublicKeyEntry.toString(pair.getPublic());
  }
}
