package io.mercury.agent.capability;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code reload(kernel_url, initrd_url)}: downloads a kernel and an initrd (http or https) and kexecs into
 * them with the running kernel's command line.
 */
public final class ReloadCapability implements Capability {
  private static final CapabilityDescriptor DESCRIPTOR =
      CapabilityDescriptor.of("reload", "Reload the agent image: download a kernel and initrd and kexec", "KERNEL_URL INITRD_URL")
          .withNumArgs(2)
          .withNoReturn(true)
          .withDoc("Both URLs are http or https; the current /proc/cmdline is kept.");

  @Override
  public CapabilityDescriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public boolean isAvailable() {
    return Commands.onPath("kexec");
  }

  @Override
  public Object run(TaskContext ctx, List<Object> args, Map<String, Object> kwargs) throws Exception {
    URI kernelUrl = httpUrl(args.get(0), "kernel_url");
    URI initrdUrl = httpUrl(args.get(1), "initrd_url");
    Path dir = Files.createTempDirectory("mercury-reload");
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).followRedirects(HttpClient.Redirect.NORMAL).build();
    ctx.progress("Downloading kernel", 0.1);
    Path kernel = download(http, kernelUrl, dir.resolve("kernel"));
    ctx.progress("Downloading initrd", 0.4);
    Path initrd = download(http, initrdUrl, dir.resolve("initrd"));
    List<String> options = List.of(Files.readString(Path.of("/proc/cmdline")).strip().split("\\s+"));
    ctx.progress("Executing kexec", 0.9);
    KexecCapability.kexec(kernel, initrd, options, "bzImage");
    return null;
  }

  static URI httpUrl(Object value, String name) {
    if (!(value instanceof String s)) {
      throw new IllegalArgumentException(name + " must be a string URL, got " + value);
    }
    try {
      URI uri = new URI(s);
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
        throw new IllegalArgumentException(name + " must be an http or https URL, got " + s);
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(name + " is not a valid URL: " + s, e);
    }
  }

  private static Path download(HttpClient http, URI url, Path target) throws IOException, InterruptedException {
    HttpResponse<Path> response = http.send(HttpRequest.newBuilder(url).GET().build(), HttpResponse.BodyHandlers.ofFile(target));
    if (response.statusCode() != 200) {
      throw new IOException("downloading " + url + " failed with HTTP " + response.statusCode());
    }
    return target;
  }
}
