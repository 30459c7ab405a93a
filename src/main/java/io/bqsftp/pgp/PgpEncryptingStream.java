package io.bqsftp.pgp;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.util.Date;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.openpgp.PGPEncryptedDataGenerator;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPLiteralDataGenerator;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.operator.bc.BcPGPDataEncryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPublicKeyKeyEncryptionMethodGenerator;

/**
 * Streams bytes into an OpenPGP message for one recipient: AES-256 in a symmetrically encrypted
 * integrity-protected packet (SEIPD v1 with MDC, which every OpenPGP implementation reads), holding
 * one binary literal packet. No OpenPGP compression: the content is already gzip. Partial-length
 * packets of 64 KiB keep memory flat whatever the file size. {@link #close()} ends the message but
 * leaves the underlying stream open.
 */
public final class PgpEncryptingStream extends FilterOutputStream {
  private static final int PACKET_BUFFER = 1 << 16;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final PGPEncryptedDataGenerator encrypted;
  private final PGPLiteralDataGenerator literal;
  private boolean closed;

  private PgpEncryptingStream(OutputStream literalOut, PGPEncryptedDataGenerator encrypted,
      PGPLiteralDataGenerator literal) {
    super(literalOut);
    this.encrypted = encrypted;
    this.literal = literal;
  }

  /** Opens a message to {@code recipient} over {@code out}; {@code fileName} goes in the literal packet. */
  public static PgpEncryptingStream open(OutputStream out, PGPPublicKey recipient, String fileName) throws IOException {
    var encrypted = new PGPEncryptedDataGenerator(new BcPGPDataEncryptorBuilder(SymmetricKeyAlgorithmTags.AES_256)
        .setWithIntegrityPacket(true).setSecureRandom(RANDOM));
    encrypted.addMethod(new BcPublicKeyKeyEncryptionMethodGenerator(recipient).setSecureRandom(RANDOM));
    try {
      OutputStream body = encrypted.open(out, new byte[PACKET_BUFFER]);
      var literal = new PGPLiteralDataGenerator();
      OutputStream literalOut = literal.open(body, PGPLiteralData.BINARY, fileName, new Date(), new byte[PACKET_BUFFER]);
      return new PgpEncryptingStream(literalOut, encrypted, literal);
    } catch (PGPException e) {
      throw new IOException("cannot start OpenPGP encryption: " + e.getMessage(), e);
    }
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    out.write(b, off, len); // FilterOutputStream would write byte by byte
  }

  /** Ends the literal and encrypted packets (writes the MDC); the underlying stream stays open. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    literal.close();
    encrypted.close();
  }
}
