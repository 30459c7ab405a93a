package io.bqsftp.sftp;

import java.security.InvalidKeyException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyFactorySpi;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.KeySpec;

/**
 * The one algorithm sshj needs beyond the JDK: a key factory named "ECDSA" (Bouncy Castle's name;
 * sshj asks for it to read ecdsa-sha2-nistp* host keys, known_hosts lines and private keys). It is
 * the JDK's "EC" factory under that name. Registering all of Bouncy Castle for this cost ~0.13
 * cpu-s and ~0.3 s of every process start.
 */
final class EcdsaKeyFactoryProvider extends Provider {
  static final String NAME = "bqsftp-ecdsa";

  EcdsaKeyFactoryProvider() {
    super(NAME, "1", "KeyFactory.ECDSA served by the JDK's EC key factory");
    putService(new Service(this, "KeyFactory", "ECDSA", EcKeyFactory.class.getName(), null, null));
  }

  /** Instantiated by the JCA through its public no-argument constructor. */
  public static final class EcKeyFactory extends KeyFactorySpi {
    private final KeyFactory ec;

    public EcKeyFactory() throws NoSuchAlgorithmException {
      ec = KeyFactory.getInstance("EC");
    }

    @Override
    protected PublicKey engineGeneratePublic(KeySpec spec) throws InvalidKeySpecException {
      return ec.generatePublic(spec);
    }

    @Override
    protected PrivateKey engineGeneratePrivate(KeySpec spec) throws InvalidKeySpecException {
      return ec.generatePrivate(spec);
    }

    @Override
    protected <T extends KeySpec> T engineGetKeySpec(Key key, Class<T> type) throws InvalidKeySpecException {
      return ec.getKeySpec(key, type);
    }

    @Override
    protected Key engineTranslateKey(Key key) throws InvalidKeyException {
      return ec.translateKey(key);
    }
  }
}
