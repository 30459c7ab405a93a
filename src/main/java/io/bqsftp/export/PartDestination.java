package io.bqsftp.export;

import io.bqsftp.sftp.RemoteFileUpload;
import java.io.IOException;

/** Where an export's files are written: opens one file under a temporary name. */
@FunctionalInterface
public interface PartDestination {
  RemoteFileUpload open(String fileName) throws IOException;
}
