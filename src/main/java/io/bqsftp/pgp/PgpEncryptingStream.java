package io.bqsftp.pgp;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.util.Date;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.openpgp.PGPEncryptedDataGenerator;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPLiteralDataGenerator;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDataEncryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPublicKeyKeyEncryptionMethodGenerator;

/**
 * Streams bytes into an OpenPGP message for one recipient: AES-256 in a symmetrically encrypted
 * integrity-protected packet (SEIPD v1 with MDC, which every OpenPGP implementation reads), holding
 * one binary literal packet. No OpenPGP compression: the content is already gzip. Partial-length
 * packets of 64 KiB keep memory flat whatever the file size. {@link #close()} ends the message but
 * leaves the underlying stream open. With a signing key the literal packet is wrapped in a one-pass
 * signature (SHA-256, binary document), so the partner can check who sent the file.
 */
public final class PgpEncryptingStream extends FilterOutputStream {
  private static final int PACKET_BUFFER = 1 << 16;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final PGPEncryptedDataGenerator encrypted;
  private final PGPLiteralDataGenerator literal;
  private final OutputStream body; // the encrypted packet's content: where the signature goes
  private final PGPSignatureGenerator signature; // null: unsigned
  private boolean closed;

  private PgpEncryptingStream(OutputStream literalOut, PGPEncryptedDataGenerator encrypted,
      PGPLiteralDataGenerator literal, OutputStream body, PGPSignatureGenerator signature) {
    super(literalOut);
    this.encrypted = encrypted;
    this.literal = literal;
    this.body = body;
    this.signature = signature;
  }

  /** Opens a message to {@code recipient} over {@code out}; {@code fileName} goes in the literal packet. */
  public static PgpEncryptingStream open(OutputStream out, PGPPublicKey recipient, String fileName) throws IOException {
    return open(out, recipient, fileName, null);
  }

  /** As above, signed with {@code signer} when it is not null. */
  public static PgpEncryptingStream open(OutputStream out, PGPPublicKey recipient, String fileName,
      PgpSigningKey signer) throws IOException {
    var encrypted = new PGPEncryptedDataGenerator(new BcPGPDataEncryptorBuilder(SymmetricKeyAlgorithmTags.AES_256)
        .setWithIntegrityPacket(true).setSecureRandom(RANDOM));
    encrypted.addMethod(new BcPublicKeyKeyEncryptionMethodGenerator(recipient).setSecureRandom(RANDOM));
    try {
      OutputStream body = encrypted.open(out, new byte[PACKET_BUFFER]);
      PGPSignatureGenerator signature = null;
      if (signer != null) {
        signature = new PGPSignatureGenerator(new BcPGPContentSignerBuilder(signer.publicKey().getAlgorithm(),
            HashAlgorithmTags.SHA256), signer.publicKey());
        signature.init(PGPSignature.BINARY_DOCUMENT, signer.privateKey());
        var hashed = new PGPSignatureSubpacketGenerator();
        hashed.setSignatureCreationTime(false, new Date());
        hashed.setIssuerFingerprint(false, signer.publicKey());
        signature.setHashedSubpackets(hashed.generate());
        var unhashed = new PGPSignatureSubpacketGenerator();
        unhashed.setIssuerKeyID(false, signer.publicKey().getKeyID());
        signature.setUnhashedSubpackets(unhashed.generate());
        signature.generateOnePassVersion(false).encode(body);
      }
      var literal = new PGPLiteralDataGenerator();
      OutputStream literalOut = literal.open(body, PGPLiteralData.BINARY, fileName, new Date(), new byte[PACKET_BUFFER]);
      return new PgpEncryptingStream(literalOut, encrypted, literal, body, signature);
    } catch (PGPException e) {
      throw new IOException("cannot start OpenPGP encryption: " + e.getMessage(), e);
    }
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    out.write(b, off, len); // FilterOutputStream would write byte by byte
    if (signature != null) {
      signature.update(b, off, len);
    }
  }

  @Override
  public void write(int b) throws IOException {
    out.write(b);
    if (signature != null) {
      signature.update((byte) b);
    }
  }

  /** Ends the literal and encrypted packets (writes the MDC); the underlying stream stays open. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    literal.close();
    if (signature != null) {
      try {
        signature.generate().encode(body);
      } catch (PGPException e) {
        throw new IOException("cannot sign: " + e.getMessage(), e);
      }
    }
    encrypted.close();
  }
}
