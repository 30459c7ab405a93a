package io.bqsftp.sftp;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** File name checks and remote path building (SFTP paths always use '/'). */
final class RemoteNames {
  /** Longest name most file systems accept, in bytes. */
  static final int MAX_NAME_BYTES = 255;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Pattern TEMP_NAME = Pattern.compile("(\\..+)\\.[0-9a-f]{12}\\.part");
  private static final int TEMP_EXTRA_CHARS = ".".length() + ".".length() + 12 + ".part".length();

  private RemoteNames() {}

  /**
   * Accepts only a plain file name, so a name built from table data can never leave the target
   * directory or confuse partners' tools.
   */
  static String requirePlainName(String name) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("remote file name must not be empty");
    }
    if (name.contains("/") || name.contains("\\")) {
      throw new IllegalArgumentException("remote file name must not contain a path separator: "
          + printable(name));
    }
    if (name.equals(".") || name.contains("..")) {
      throw new IllegalArgumentException("remote file name must not be '.' or contain '..': "
          + printable(name));
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
        throw new IllegalArgumentException("remote file name must not contain control characters: "
            + printable(name));
      }
    }
    if (name.getBytes(StandardCharsets.UTF_8).length + TEMP_EXTRA_CHARS > MAX_NAME_BYTES) {
      throw new IllegalArgumentException("remote file name is too long (max "
          + (MAX_NAME_BYTES - TEMP_EXTRA_CHARS) + " bytes in UTF-8): " + printable(name));
    }
    return name;
  }

  /** Hidden (dot) name in the same directory, so partners' globs skip it and rename is atomic. */
  static String tempNameFor(String name) {
    byte[] random = new byte[6];
    RANDOM.nextBytes(random);
    String prefix = name.startsWith(".") ? "" : ".";
    return prefix + name + "." + HexFormat.of().formatHex(random) + ".part";
  }

  /**
   * What a name made by {@link #tempNameFor} was made from, still hidden ({@code .<name>}, or the
   * name itself when it already began with a dot); null when {@code name} is not such a temp name.
   */
  static String hiddenNameOfTemp(String name) {
    var m = TEMP_NAME.matcher(name);
    return m.matches() ? m.group(1) : null;
  }

  /** The directory without trailing slashes ("/" stays "/"). */
  static String normalizeDirectory(String directory) {
    if (directory == null || directory.isBlank()) {
      throw new IllegalArgumentException("remote directory must not be empty");
    }
    String d = directory.strip();
    while (d.length() > 1 && d.endsWith("/")) {
      d = d.substring(0, d.length() - 1);
    }
    return d;
  }

  static String baseName(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  static String join(String directory, String name) {
    return directory.endsWith("/") ? directory + name : directory + "/" + name;
  }

  private static String printable(String name) {
    StringBuilder sb = new StringBuilder("'");
    name.codePoints().forEach(cp -> {
      if (cp < 0x20 || cp == 0x7f) {
        sb.append(String.format("\\x%02x", cp));
      } else {
        sb.appendCodePoint(cp);
      }
    });
    return sb.append('\'').toString();
  }
}
