package io.bqsftp.sftp;

import io.bqsftp.config.Secret;
import io.bqsftp.config.SftpConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.schmizz.sshj.Config;
import net.schmizz.sshj.common.Factory;
import net.schmizz.sshj.userauth.keyprovider.FileKeyProvider;
import net.schmizz.sshj.userauth.keyprovider.KeyFormat;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;
import net.schmizz.sshj.userauth.keyprovider.KeyProviderUtil;
import net.schmizz.sshj.userauth.method.AuthMethod;
import net.schmizz.sshj.userauth.method.AuthPassword;
import net.schmizz.sshj.userauth.method.AuthPublickey;
import net.schmizz.sshj.userauth.password.PasswordFinder;
import net.schmizz.sshj.userauth.password.Resource;

/**
 * The credentials of the SFTP user: a private key (file or inline text, optional passphrase)
 * and/or a password. The key is parsed once, up front, so a bad key or passphrase fails at startup
 * rather than at the first upload. Secret values never appear in messages.
 */
final class SftpAuthentication {
  private final String username;
  private final Optional<Secret> password;
  private final KeyProvider key;
  private final String keyDescription;

  private SftpAuthentication(String username, Optional<Secret> password, KeyProvider key,
      String keyDescription) {
    this.username = username;
    this.password = password;
    this.key = key;
    this.keyDescription = keyDescription;
  }

  static SftpAuthentication from(SftpConfig config, Config sshjConfig) throws IOException {
    Optional<Secret> password = config.password().filter(s -> s.reveal() != null);
    Optional<String> keyFile = config.privateKeyFile().map(String::strip).filter(s -> !s.isEmpty());
    Optional<Secret> inlineKey = config.privateKey()
        .filter(s -> s.reveal() != null && !s.reveal().isBlank());
    if (keyFile.isPresent() && inlineKey.isPresent()) {
      throw new IllegalArgumentException(
          "configure either an SFTP private key file or an inline private key, not both");
    }
    KeyProvider key = null;
    String description = null;
    if (keyFile.isPresent()) {
      description = "private key file " + keyFile.get();
      String text;
      try {
        text = Files.readString(Path.of(keyFile.get()), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new IOException("cannot read SFTP " + description + ": " + e, e);
      }
      key = loadKey(text, config.privateKeyPassphrase(), description, sshjConfig);
    } else if (inlineKey.isPresent()) {
      description = "inline private key";
      key = loadKey(inlineKey.get().reveal(), config.privateKeyPassphrase(), description,
          sshjConfig);
    }
    if (key == null && password.isEmpty()) {
      throw new IllegalArgumentException("no SFTP credentials configured for user "
          + config.username() + ": set a password, a private key file or an inline private key");
    }
    return new SftpAuthentication(config.username(), password, key, description);
  }

  String username() {
    return username;
  }

  /** Fresh auth methods for one connection (sshj's methods keep per-connection state). */
  List<AuthMethod> methods() {
    List<AuthMethod> methods = new ArrayList<>(2);
    if (key != null) {
      methods.add(new AuthPublickey(key));
    }
    password.ifPresent(p -> methods.add(new AuthPassword(finder(p))));
    return methods;
  }

  /** "publickey (private key file /x)", "password": for error messages, never the values. */
  String describeMethods() {
    List<String> names = new ArrayList<>(2);
    if (key != null) {
      names.add("publickey (" + keyDescription + ")");
    }
    if (password.isPresent()) {
      names.add("password");
    }
    return String.join(", ", names);
  }

  private static KeyProvider loadKey(String text, Optional<Secret> passphrase, String description,
      Config sshjConfig) throws IOException {
    KeyFormat format = KeyProviderUtil.detectKeyFileFormat(text, false);
    FileKeyProvider provider = Factory.Named.Util.create(sshjConfig.getFileKeyProviderFactories(),
        format.toString());
    if (provider == null) {
      throw new IOException("SFTP " + description + " has an unsupported format (" + format
          + "); use an OpenSSH or PEM private key");
    }
    provider.init(text, null, passphrase.map(SftpAuthentication::finder).orElse(null));
    try {
      // Parse now: a wrong passphrase or broken key should fail at startup, not mid-export.
      provider.getPrivate();
      provider.getPublic();
    } catch (IOException | RuntimeException e) {
      // The parser's own message could quote key material: report only its type.
      throw new IOException("cannot load SFTP " + description + " (" + format + "): "
          + (passphrase.isPresent() ? "wrong passphrase or corrupt key"
              : "corrupt key, or it is encrypted and no passphrase is configured")
          + " [" + e.getClass().getSimpleName() + "]");
    }
    return provider;
  }

  /** Hands the secret to sshj as a fresh char[] each time it asks; never retries. */
  private static PasswordFinder finder(Secret secret) {
    return new PasswordFinder() {
      @Override
      public char[] reqPassword(Resource<?> resource) {
        return secret.reveal().toCharArray();
      }

      @Override
      public boolean shouldRetry(Resource<?> resource) {
        return false;
      }
    };
  }
}
