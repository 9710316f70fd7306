package io.mercury.boot;

import java.util.Objects;

/**
 * How the agent image boots (the original's {@code agent.*} keys): where its files are and what goes on
 * the kernel command line.
 *
 * @param fileServerUrl base URL of the kernel, initrd and root file system, without a trailing slash
 * @param kernel kernel file name
 * @param initrd initrd file name
 * @param rootfsOption kernel argument that names the root file system URL, e.g. {@code root=live:}
 *     style options such as {@code fetch}
 * @param fileSystem root file system file name
 * @param kernelOptions further kernel arguments, appended as given (may be empty)
 * @param backendUrl {@code MERCURY_BACKEND} for the agent, or empty to leave it out
 * @param logServiceUrl {@code MERCURY_LOG_SERVICE} for the agent, or empty to leave it out
 * @param rescueOptions kernel arguments added when a device boots in rescue mode
 */
public record AgentImage(
    String fileServerUrl,
    String kernel,
    String initrd,
    String rootfsOption,
    String fileSystem,
    String kernelOptions,
    String backendUrl,
    String logServiceUrl,
    String rescueOptions) {
  public AgentImage {
    Objects.requireNonNull(fileServerUrl, "fileServerUrl is null");
    fileServerUrl = fileServerUrl.endsWith("/") ? fileServerUrl.substring(0, fileServerUrl.length() - 1) : fileServerUrl;
    Objects.requireNonNull(kernel, "kernel is null");
    Objects.requireNonNull(initrd, "initrd is null");
    Objects.requireNonNull(rootfsOption, "rootfsOption is null");
    Objects.requireNonNull(fileSystem, "fileSystem is null");
    kernelOptions = kernelOptions == null ? "" : kernelOptions.strip();
    backendUrl = backendUrl == null ? "" : backendUrl.strip();
    logServiceUrl = logServiceUrl == null ? "" : logServiceUrl.strip();
    rescueOptions = rescueOptions == null ? "" : rescueOptions.strip();
  }

  /**
   * The agent script, as the original's {@code scripts/agent.ipxe}.
   *
   * @param credentials kernel arguments from {@link AgentCredentials#kernelArguments(String)} (empty or
   *     starting with a space), placed after {@code MERCURY_LOG_SERVICE}
   */
  public String agentScript(String credentials) {
    return script("BOOTING MERCURY AGENT", credentials, "");
  }

  /** The agent image with {@link #rescueOptions()} added: a rescue shell rather than the agent. */
  public String rescueScript() {
    return script("BOOTING MERCURY RESCUE", "", rescueOptions);
  }

  private String script(String banner, String credentials, String extra) {
    StringBuilder cmdline = new StringBuilder();
    cmdline.append(fileServerUrl).append('/').append(kernel);
    cmdline.append(" initrd=").append(initrd);
    cmdline.append(' ').append(rootfsOption).append('=').append(fileServerUrl).append('/').append(fileSystem);
    if (!backendUrl.isEmpty()) {
      cmdline.append(" MERCURY_BACKEND=").append(backendUrl);
    }
    if (!logServiceUrl.isEmpty()) {
      cmdline.append(" MERCURY_LOG_SERVICE=").append(logServiceUrl);
    }
    cmdline.append(credentials);
    if (!kernelOptions.isEmpty()) {
      cmdline.append(' ').append(kernelOptions);
    }
    if (!extra.isEmpty()) {
      cmdline.append(' ').append(extra);
    }
    return "#!ipxe\n"
        + "echo " + banner + "\n"
        + "kernel " + cmdline + "\n"
        + "initrd " + fileServerUrl + "/" + initrd + "\n"
        + "boot || shell\n";
  }
}
