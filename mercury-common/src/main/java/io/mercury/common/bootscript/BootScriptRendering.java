package io.mercury.common.bootscript;

import java.util.List;
import java.util.Objects;

/** What a {@link BootScriptTemplate} made of one device document. */
public sealed interface BootScriptRendering {
  /**
   * The script to serve.
   *
   * @param script the rendered iPXE script
   * @param missing the variables the template renders that the document does not hold (each rendered
   *     as empty text), as the template names them, each once, in the order the template first renders
   *     them; empty when every variable had a value (see {@link BootScriptTemplate} for what counts)
   */
  record Rendered(String script, List<String> missing) implements BootScriptRendering {
    public Rendered {
      Objects.requireNonNull(script, "script is null");
      missing = List.copyOf(missing);
    }
  }

  /**
   * A script not to serve: a value from the document is not safe in an iPXE script
   * ({@link IpxeText#unsafe}). Only the first such value is reported.
   *
   * @param variable the template's variable, e.g. {@code dmi.sys_vendor}
   * @param why what the value holds, e.g. {@code holds the word '&&', which separates iPXE commands}
   */
  record UnsafeValue(String variable, String why) implements BootScriptRendering {
    public UnsafeValue {
      Objects.requireNonNull(variable, "variable is null");
      Objects.requireNonNull(why, "why is null");
    }

    /** {@code the value of {{dmi.sys_vendor}} holds ...}. */
    public String message() {
      return "the value of {{" + variable + "}} " + why;
    }
  }
}
