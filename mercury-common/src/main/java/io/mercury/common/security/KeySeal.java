package io.mercury.common.security;

import io.mercury.common.config.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Integrity of the key allow-list in the store: each key record carries an HMAC-SHA256 ({@value
 * #FIELD}) over who the key is and what it may do ({@code _id}, name, kind, role, status, mercury_id),
 * made with a secret only Mercury's daemons hold ({@code <keys_dir>/}{@value #FILE_NAME}, 0600). A record
 * that anyone else wrote or changed (a local user with the embedded store's port, say) fails the check
 * and is ignored, so writing the store does not make a key accepted or an operator admin.
 *
 * <p>Without the file, records are neither sealed nor checked ({@link #none()}): a deployment that keeps
 * its daemons' keys on several hosts copies the file to each, or relies on MongoDB's authentication
 * alone. What a seal cannot stop: a record put back as it was before (a replay of a revoked key's
 * earlier accepted record, by someone who copied it then).
 */
public final class KeySeal {
  public static final String FIELD = "seal";
  public static final String FILE_NAME = "store.seal";
  private static final int SECRET_BYTES = 32;
  private static final KeySeal NONE = new KeySeal(null);

  private final byte[] secret;

  private KeySeal(byte[] secret) {
    this.secret = secret;
  }

  /** No sealing: records are written without a seal and every record is trusted. */
  public static KeySeal none() {
    return NONE;
  }

  /** A seal made with {@code secret} (at least 32 bytes). */
  public static KeySeal of(byte[] secret) {
    if (secret.length < SECRET_BYTES) {
      throw new IllegalArgumentException("a seal secret has at least " + SECRET_BYTES + " bytes, got " + secret.length);
    }
    return new KeySeal(secret.clone());
  }

  /** The seal of {@code <keysDir>/store.seal}, or {@link #none()} when the file does not exist. */
  public static KeySeal in(Path keysDir) {
    Path file = keysDir.resolve(FILE_NAME);
    if (!Files.exists(file)) {
      return none();
    }
    try {
      if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
        if (mode.stream().anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"))) {
          throw new ConfigException(file + " can be read by others (" + PosixFilePermissions.toString(mode) + "); chmod 600 it");
        }
      }
      return of(Base64.getDecoder().decode(Files.readString(file).trim()));
    } catch (IOException | IllegalArgumentException e) {
      throw new ConfigException("cannot read the key store seal " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Creates {@code <keysDir>/store.seal} (0600, a fresh random secret) unless it exists.
   *
   * @return whether it was created now
   */
  public static boolean ensure(Path keysDir) {
    Path file = keysDir.resolve(FILE_NAME);
    if (Files.exists(file)) {
      return false;
    }
    byte[] secret = new byte[SECRET_BYTES];
    new SecureRandom().nextBytes(secret);
    try {
      Files.createDirectories(keysDir);
      Path tmp = Files.createTempFile(keysDir, ".seal", ".tmp", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(tmp, Base64.getEncoder().encodeToString(secret) + "\n");
      Files.move(tmp, file);
      return true;
    } catch (IOException e) {
      throw new ConfigException("cannot create the key store seal " + file + ": " + e.getMessage(), e);
    }
  }

  /** Whether records are sealed and checked. */
  public boolean enabled() {
    return secret != null;
  }

  /** The seal of an entry as it is (or is about to be) stored; null when sealing is off. */
  public String of(KeyEntry entry) {
    if (secret == null) {
      return null;
    }
    String text = String.join("\n", entry.publicKey(), entry.name(), entry.kind().wireName(), entry.role().wireName(),
        entry.status().wireName(), Objects.requireNonNullElse(entry.mercuryId(), ""));
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM has no HmacSHA256", e);
    }
  }

  /** Whether {@code seal} is the seal of {@code entry} (always true when sealing is off). */
  public boolean verifies(KeyEntry entry, String seal) {
    if (secret == null) {
      return true;
    }
    return seal != null && MessageDigest.isEqual(of(entry).getBytes(StandardCharsets.US_ASCII), seal.getBytes(StandardCharsets.US_ASCII));
  }
}
