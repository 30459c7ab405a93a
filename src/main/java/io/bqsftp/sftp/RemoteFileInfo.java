package io.bqsftp.sftp;

import java.time.Instant;

/** A regular file in a remote directory listing. */
public record RemoteFileInfo(String name, long size, Instant modified) {}
