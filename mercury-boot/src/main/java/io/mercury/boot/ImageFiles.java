package io.mercury.boot;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Serves the agent image's files (kernel, initrd, root file system) from one directory, with single
 * HTTP range requests ({@code Range: bytes=a-b}, {@code a-}, {@code -n}) answered {@code 206} and an
 * unsatisfiable range {@code 416}. Only plain file names are served: no sub-directories, nothing outside
 * the directory.
 */
final class ImageFiles {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._+-]+");
  private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");

  private final Path directory;

  ImageFiles(Path directory) {
    this.directory = directory.toAbsolutePath().normalize();
  }

  /** The file a request names, if it is a plain name of a regular file in the directory. */
  Optional<Path> resolve(String name) {
    if (!NAME.matcher(name).matches() || name.startsWith(".")) {
      return Optional.empty();
    }
    Path file = directory.resolve(name).normalize();
    return file.getParent().equals(directory) && Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
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
        long suffix = Long.parseLong(m.group(2));
        start = Math.max(0, size - suffix);
      } else {
        start = Long.parseLong(m.group(1));
        if (!m.group(2).isEmpty()) {
          end = Math.min(end, Long.parseLong(m.group(2)));
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
    FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
    channel.position(start);
    InputStream body = new BoundedStream(Channels.newInputStream(channel), length);
    ctx.result(body);
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
