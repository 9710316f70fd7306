package io.mercury.common.bootscript;

import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheException;
import io.mercury.common.bootscript.BootScriptRendering.Rendered;
import java.io.IOException;
import java.io.StringWriter;
import java.util.Map;
import java.util.Objects;

/**
 * A device's {@code boot.script}: an iPXE script written as a Mustache template, rendered with the
 * device's inventory document (as {@code get_one} returns it) as its only context. The boot service
 * renders it when the device boots, and {@code mcli boot script} renders it beforehand with this same
 * class, so what the operator is shown is what the device would get.
 *
 * <p>How it differs from mustache.java's defaults, and why:
 *
 * <ul>
 *   <li>Names are looked up in the document's maps and lists only ({@link DocumentValues}); a list is
 *       indexed with a number ({@code {{interfaces.0.address}}}).
 *   <li>Nothing is HTML-escaped: {@code {{x}}}, {@code {{{x}}}} and {@code {{& x}}} are the same.
 *   <li>Every value written must be safe in iPXE ({@link IpxeText#unsafe}), since agents write the
 *       document; otherwise the rendering is {@link BootScriptRendering.UnsafeValue}, not a script.
 *   <li>Partials and parents ({@code {{> name}}}, {@code {{< name}}}) do not compile
 *       ({@link ScriptCompiler} says why).
 * </ul>
 *
 * <p><b>Missing variables.</b> A variable ({@code {{x}}}, {@code {{{x}}}}, {@code {{& x}}}) that the
 * rendering reaches and that has no value is missing: the template renders empty text there, which in
 * a script is almost always a mistake ({@code ip=}). It is reported by its name as written in the
 * template ({@code dmi.sys_vendor}; inside a section, relative to the section, e.g. {@code address}
 * inside {@code {{#interfaces}}}). "No value" is: no such key, a dotted path that stops on the way
 * ({@code dmi.sys_vendor} without {@code dmi}), a list index past the end, or a key whose value is
 * null (the inventory stores null for "not known", and it renders the same empty text). An empty
 * string, list or map is a value: it was written so on purpose, so it is not missing.
 *
 * <p>Sections are not counted: {@code {{#x}}} and {@code {{^x}}} are Mustache's "if" and "for each",
 * and the template cannot say whether a missing {@code x} there is the point (render this part only
 * for devices that have it) or a mistake. The variables inside a section that renders are counted;
 * those inside one that does not render produce no text and are not.
 *
 * <p>Immutable and thread-safe: each {@link #render} compiles its own copy ({@link ScriptCompiler}).
 */
public final class BootScriptTemplate {
  private final String source;

  private BootScriptTemplate(String source) {
    this.source = source;
  }

  /**
   * The template of {@code source}.
   *
   * @throws BootScriptException if it does not compile (an unclosed section, a partial, ...), which no
   *     device document can change
   */
  public static BootScriptTemplate compile(String source) throws BootScriptException {
    Objects.requireNonNull(source, "source is null");
    new ScriptCompiler(new RenderFindings()).compileScript(source);
    return new BootScriptTemplate(source);
  }

  /** The template's text. */
  public String source() {
    return source;
  }

  /**
   * Renders the script for a device whose document is {@code document}.
   *
   * @throws BootScriptException if rendering fails for a reason other than the document's values
   *     (the template compiled, so this is not expected)
   */
  public BootScriptRendering render(Map<String, ?> document) throws BootScriptException {
    Objects.requireNonNull(document, "document is null");
    RenderFindings findings = new RenderFindings();
    Mustache mustache = new ScriptCompiler(findings).compileScript(source);
    StringWriter out = new StringWriter();
    try {
      mustache.execute(out, (Object) document).flush();
    } catch (MustacheException | IOException e) {
      throw new BootScriptException(e.getMessage(), e);
    }
    if (findings.unsafe().isPresent()) {
      return findings.unsafe().get();
    }
    return new Rendered(out.toString(), findings.missing());
  }
}
