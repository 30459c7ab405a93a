package io.bqsftp.sftp;

/**
 * A complete, size-verified upload still under its hidden temp name: nothing of it is visible to
 * partners until the run's commit renames it to {@code finalName}. Names are relative to the
 * uploader's folder.
 */
public record SealedFile(String tempName, String finalName, long size) {}
