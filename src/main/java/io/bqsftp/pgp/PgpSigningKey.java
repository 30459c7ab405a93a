package io.bqsftp.pgp;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPSecretKeyRingCollection;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.bc.BcPBESecretKeyDecryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;

/**
 * Our own OpenPGP key for signing delivered files: the primary key of the first secret key ring in
 * a file ({@code gpg --armor --export-secret-keys}), unlocked with its passphrase. gpg's primary
 * key is its signing key.
 */
public record PgpSigningKey(PGPPublicKey publicKey, PGPPrivateKey privateKey) {

  /**
   * @throws IOException naming what is wrong (not a secret key, wrong passphrase); never the passphrase
   */
  public static PgpSigningKey fromFile(Path file, char[] passphrase) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      PGPSecretKeyRingCollection rings =
          new PGPSecretKeyRingCollection(PGPUtil.getDecoderStream(in), new BcKeyFingerprintCalculator());
      Iterator<PGPSecretKeyRing> it = rings.getKeyRings();
      if (!it.hasNext()) {
        throw new IOException("no OpenPGP secret key found (expected `gpg --armor --export-secret-keys` output)");
      }
      PGPSecretKey key = it.next().getSecretKey();
      if (key == null || key.isPrivateKeyEmpty()) {
        throw new IOException("the OpenPGP key has no usable secret primary key");
      }
      PGPPrivateKey privateKey;
      try {
        privateKey = key.extractPrivateKey(
            new BcPBESecretKeyDecryptorBuilder(new BcPGPDigestCalculatorProvider()).build(passphrase));
      } catch (PGPException e) {
        throw new IOException("cannot unlock the OpenPGP secret key: wrong passphrase?", e);
      }
      if (privateKey == null) {
        throw new IOException("the OpenPGP key has no usable secret primary key");
      }
      return new PgpSigningKey(key.getPublicKey(), privateKey);
    } catch (PGPException | RuntimeException e) {
      throw new IOException("not an OpenPGP secret key (" + e.getMessage() + ")", e);
    }
  }

  @Override
  public String toString() {
    return "PgpSigningKey[" + Long.toHexString(publicKey.getKeyID()) + "]";
  }
}
