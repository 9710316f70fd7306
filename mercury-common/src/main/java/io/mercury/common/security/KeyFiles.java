package io.mercury.common.security;

import io.mercury.common.config.ConfigException;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.zeromq.ZCert;
import org.zeromq.ZConfig;

/**
 * CURVE key files as CZMQ writes them (ZPL): {@code <dir>/<name>.key} holds the secret and public key and
 * is created with mode 0600; {@code <dir>/<name>.pub} holds the public key only (0644); the directory is
 * created 0700. Metadata ({@code name}, {@code role}, ...) is kept in the files' {@code metadata} section.
 *
 * <p>Every failure is a {@link ConfigException} whose message names the file and says what to do: a
 * missing file, a file that is not a key file, or a secret key file that group or others may read.
 */
public final class KeyFiles {
  /** The command that creates a key, quoted in error messages. */
  public static final String KEYGEN_HINT = "mcli keygen --dir %s --name %s";

  private static final Set<PosixFilePermission> TOO_OPEN =
      Set.of(
          PosixFilePermission.GROUP_READ,
          PosixFilePermission.GROUP_WRITE,
          PosixFilePermission.OTHERS_READ,
          PosixFilePermission.OTHERS_WRITE);

  private KeyFiles() {}

  /** A public key read from a {@code .pub} (or {@code .key}) file, with the file's metadata. */
  public record PublicKeyFile(Path path, String publicKey, Map<String, String> metadata) {}

  public static Path secretFile(Path dir, String name) {
    return dir.resolve(name + ".key");
  }

  public static Path publicFile(Path dir, String name) {
    return dir.resolve(name + ".pub");
  }

  /**
   * Loads {@code <dir>/<name>.key}.
   *
   * @throws ConfigException when the file is missing, unreadable, corrupt or readable by group/others
   */
  public static CurveKeyPair load(Path dir, String name) {
    Path file = secretFile(dir, name);
    if (!Files.exists(file)) {
      throw new ConfigException(
          "CURVE key file "
              + file
              + " does not exist; create it with `"
              + String.format(KEYGEN_HINT, dir, name)
              + "` (or set security.curve=off for plaintext compatibility mode)");
    }
    checkNotTooOpen(file);
    ZConfig zpl = read(file);
    String secret = zpl.getValue("curve/secret-key");
    if (secret == null || secret.isEmpty()) {
      throw new ConfigException(file + " is not a CURVE secret key file: it has no curve/secret-key");
    }
    try {
      return new CurveKeyPair(zpl.getValue("curve/public-key"), secret);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(file + " is corrupt: " + e.getMessage());
    }
  }

  /**
   * Reads a public key file.
   *
   * @throws ConfigException when the file is missing, unreadable or holds no valid public key
   */
  public static PublicKeyFile loadPublic(Path file) {
    if (!Files.exists(file)) {
      throw new ConfigException(
          "CURVE public key file " + file + " does not exist; copy the server's .pub file there");
    }
    ZConfig zpl = read(file);
    String key = zpl.getValue("curve/public-key");
    if (!CurveKeyPair.isZ85Key(key)) {
      throw new ConfigException(
          file + " is not a CURVE public key file: curve/public-key is missing or not a 40-character Z85 key");
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    ZConfig meta = zpl.getChild("metadata");
    if (meta != null) {
      metadata.putAll(meta.getValues());
    }
    return new PublicKeyFile(file, key, Map.copyOf(metadata));
  }

  /**
   * Writes {@code <dir>/<name>.key} (0600) and {@code <dir>/<name>.pub} (0644), creating {@code dir} with
   * mode 0700 if needed. Never overwrites.
   *
   * @throws ConfigException when either file exists already or cannot be written
   */
  public static void save(Path dir, String name, CurveKeyPair pair, Map<String, String> metadata) {
    if (!pair.hasSecret()) {
      throw new IllegalArgumentException("cannot save a key pair without its secret key");
    }
    Path secret = secretFile(dir, name);
    Path pub = publicFile(dir, name);
    for (Path p : new Path[] {secret, pub}) {
      if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
        throw new ConfigException(p + " exists already; not overwriting it");
      }
    }
    ZCert cert = new ZCert(pair.publicKey(), pair.secretKey());
    metadata.forEach(cert::setMeta);
    try {
      createDirectory(dir);
      write(secret, "rw-------", cert, true);
      write(pub, "rw-r--r--", cert, false);
    } catch (FileAlreadyExistsException e) {
      throw new ConfigException(e.getFile() + " exists already; not overwriting it");
    } catch (IOException e) {
      throw new ConfigException("cannot write key " + name + " in " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Loads {@code <dir>/<name>.key}, first generating and saving a new key pair when it does not exist
   * (an agent's own key on first start).
   */
  public static CurveKeyPair loadOrCreate(Path dir, String name, Map<String, String> metadata) {
    if (!Files.exists(secretFile(dir, name))) {
      save(dir, name, CurveKeyPair.generate(), metadata);
    }
    return load(dir, name);
  }

  private static void createDirectory(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    if (supportsPosix(dir.toAbsolutePath().getRoot())) {
      Files.createDirectories(
          dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } else {
      Files.createDirectories(dir);
    }
  }

  private static void write(Path file, String mode, ZCert cert, boolean secret) throws IOException {
    StringWriter text = new StringWriter();
    if (secret) {
      cert.saveSecret(text);
    } else {
      cert.savePublic(text);
    }
    if (supportsPosix(file.getParent())) {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode)));
      // createFile applies the umask; set the exact mode.
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
    } else {
      Files.createFile(file);
    }
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.WRITE)) {
      out.write(text.toString());
    }
  }

  private static void checkNotTooOpen(Path file) {
    if (!supportsPosix(file)) {
      return;
    }
    try {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
      if (perms.stream().anyMatch(TOO_OPEN::contains)) {
        throw new ConfigException(
            "CURVE secret key file "
                + file
                + " is readable or writable by group or others (mode "
                + PosixFilePermissions.toString(perms)
                + "); run `chmod 600 "
                + file
                + "`");
      }
    } catch (IOException e) {
      throw new ConfigException("cannot read the permissions of " + file + ": " + e.getMessage(), e);
    }
  }

  private static ZConfig read(Path file) {
    try {
      ZConfig zpl = ZConfig.load(file.toString());
      if (zpl == null) {
        throw new ConfigException(file + " is not a ZPL key file");
      }
      return zpl;
    } catch (IOException e) {
      throw new ConfigException("cannot read " + file + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      if (e instanceof ConfigException c) {
        throw c;
      }
      throw new ConfigException(file + " is not a ZPL key file: " + e.getMessage(), e);
    }
  }

  private static boolean supportsPosix(Path path) {
    return path != null && path.getFileSystem().supportedFileAttributeViews().contains("posix");
  }
}
