package io.mercury.common.protocol.frontend;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a job runs on each target, as a client writes it ({@link FrontendWire#toWire(Instruction)}). The
 * frontend reads the instruction it receives as the document it stores in the job, since its preprocessors
 * are pluggable and their fields their own; these are the two forms Mercury's clients send.
 */
public sealed interface Instruction {

  /**
   * A primitive instruction, the same call for every target: {@code {method, args, kwargs, timeout?}}.
   *
   * @param method the capability to call
   * @param args positional arguments
   * @param kwargs keyword arguments
   * @param timeout the task timeout in seconds, or null for the capability's own
   */
  record Primitive(String method, List<Object> args, Map<String, Object> kwargs, Double timeout) implements Instruction {
    public Primitive {
      Objects.requireNonNull(method, "method is null");
      args = Collections.unmodifiableList(new ArrayList<>(args));
      kwargs = Collections.unmodifiableMap(new LinkedHashMap<>(kwargs));
      if (timeout != null && !(timeout > 0)) {
        throw new IllegalArgumentException("timeout must be positive, was " + timeout);
      }
    }
  }

  /**
   * The original's {@code press_static_assets} preprocessor: {@code {preprocessor, template, assets}}; the
   * frontend renders the Mustache template per target with that target's assets and sends {@code
   * press(configuration=...)}.
   *
   * @param template the template's lines
   * @param assets each target's assets, by {@code mercury_id} (free-form)
   */
  record PressStaticAssets(List<String> template, Map<String, Map<String, Object>> assets) implements Instruction {
    /** The preprocessor's name on the wire. */
    public static final String NAME = "press_static_assets";

    public PressStaticAssets {
      template = List.copyOf(template);
      assets = Collections.unmodifiableMap(new LinkedHashMap<>(assets));
    }
  }
}
