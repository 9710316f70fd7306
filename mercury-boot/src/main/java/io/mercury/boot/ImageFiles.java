package io.mercury.boot;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the agent image's files (kernel, initrd, root file system) from one directory, with single
 * HTTP range requests ({@code Range: bytes=a-b}, {@code a-}, {@code -n}) answered {@code 206}, and an
 * unsatisfiable or malformed range {@code 416} with a {@code Content-Range} that gives the size. Only
 * plain file names are served, and only files whose real path (symbolic links resolved) is inside the
 * directory's real path: a link to a file elsewhere is not found.
 */
final class ImageFiles {
  private static final Logger log = LoggerFactory.getLogger(ImageFiles.class);
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._+-]+");
  private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");
  /** Digits beyond which a range position is past any file (Long.MAX_VALUE has 19). */
  private static final int MAX_DIGITS = 18;

  private final Path directory;

  ImageFiles(Path directory) {
    this.directory = directory.toAbsolutePath().normalize();
  }

  /**
   * The real path of the file a request names, if it is a plain name of a regular file whose real path
   * is inside the directory's.
   */
  Optional<Path> resolve(String name) {
    if (!NAME.matcher(name).matches() || name.startsWith(".")) {
      return Optional.empty();
    }
    Path real;
    Path realDirectory;
    try {
      realDirectory = directory.toRealPath();
      real = directory.resolve(name).toRealPath();
    } catch (IOException e) {
      return Optional.empty(); // missing, a dangling link, or unreadable
    }
    if (!real.startsWith(realDirectory) || real.equals(realDirectory)) {
      log.warn("refused to serve {}: it leads to {}, outside {}", name, real, realDirectory);
      return Optional.empty();
    }
    return Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS) ? Optional.of(real) : Optional.empty();
  }

  void serve(Context ctx, Path file, boolean head) throws IOException {
    long size = Files.size(file);
    ctx.header("Accept-Ranges", "bytes");
    ctx.contentType("application/octet-stream");
    String range = ctx.header("Range");
    long start = 0;
    long end = size - 1;
    if (range != null) {
      Matcher m = RANGE.matcher(range.strip());
      if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
        unsatisfiable(ctx, size);
        return;
      }
      if (m.group(1).isEmpty()) {
        long suffix = position(m.group(2));
        start = Math.max(0, size - suffix);
      } else {
        start = position(m.group(1));
        if (!m.group(2).isEmpty()) {
          end = Math.min(end, position(m.group(2)));
        }
      }
      if (start >= size || start > end) {
        unsatisfiable(ctx, size);
        return;
      }
      ctx.status(HttpStatus.PARTIAL_CONTENT);
      ctx.header("Content-Range", "bytes " + start + "-" + end + "/" + size);
    }
    long length = end - start + 1;
    ctx.header("Content-Length", Long.toString(length));
    if (head || length == 0) {
      return;
    }
    FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    channel.position(start);
    InputStream body = new BoundedStream(Channels.newInputStream(channel), length);
    ctx.result(body);
  }

  /** A byte position of a {@code Range}; one too large for a long is past the end of any file. */
  private static long position(String digits) {
    String significant = digits.replaceFirst("^0+(?=\\d)", "");
    return significant.length() > MAX_DIGITS ? Long.MAX_VALUE : Long.parseLong(significant);
  }

  private static void unsatisfiable(Context ctx, long size) {
    ctx.status(416);
    ctx.header("Content-Range", "bytes */" + size);
    ctx.contentType("text/plain; charset=utf-8");
    ctx.result("range not satisfiable; the file has " + size + " bytes\n");
  }

  /** At most {@code remaining} bytes of a stream. */
  private static final class BoundedStream extends InputStream {
    private final InputStream in;
    private long remaining;

    BoundedStream(InputStream in, long remaining) {
      this.in = in;
      this.remaining = remaining;
    }

    @Override
    public int read() throws IOException {
      if (remaining <= 0) {
        return -1;
      }
      int b = in.read();
      if (b >= 0) {
        remaining--;
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      if (remaining <= 0) {
        return -1;
      }
      int n = in.read(buffer, offset, (int) Math.min(length, remaining));
      if (n > 0) {
        remaining -= n;
      }
      return n;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
