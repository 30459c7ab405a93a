package io.bqsftp;

import picocli.CommandLine.IVersionProvider;

/**
 * The service's version, from the jar manifest's {@code Implementation-Version} (set from the pom),
 * and the User-Agent every Google client sends with it.
 */
public final class AppVersion implements IVersionProvider {
  /** What a build without a manifest (classes on the class path, tests) reports. */
  public static final String UNKNOWN = "development";

  /** Picocli's {@code --version}. */
  @Override
  public String[] getVersion() {
    return new String[] {"bq-sftp-export " + version()};
  }

  public static String version() {
    return of(AppVersion.class.getPackage());
  }

  static String of(Package pkg) {
    String version = pkg == null ? null : pkg.getImplementationVersion();
    return version == null || version.isBlank() ? UNKNOWN : version;
  }

  /** {@code bq-sftp-export/<version>}: lets a Google project's audit logs tell this service's calls apart. */
  public static String userAgent() {
    return "bq-sftp-export/" + version();
  }

  /** The Write API's client identification ({@code StreamWriter} wants the form {@code A:B}). */
  public static String writeTraceId() {
    return "bq-sftp-export:" + version();
  }
}
