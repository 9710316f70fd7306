package io.mercury.common.bootscript;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.MustacheException;
import com.github.mustachejava.TemplateContext;
import com.github.mustachejava.codes.ValueCode;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Optional;

/**
 * A variable ({@code {{x}}}, {@code {{{x}}}} or {@code {{& x}}}) of a boot script: writes its value
 * as it is (iPXE is not HTML, so nothing is escaped), records a variable with no value as missing, and
 * writes nothing for a value that is not safe in iPXE ({@link IpxeText#unsafe}) but records it, which
 * makes the whole rendering one not to serve. Values in a document are never functions, so mustache.java's
 * lambda handling is left out.
 */
final class CheckedValueCode extends ValueCode {
  private final RenderFindings findings;

  CheckedValueCode(TemplateContext tc, DefaultMustacheFactory df, String variable, boolean encoded, RenderFindings findings) {
    super(tc, df, variable, encoded);
    this.findings = findings;
  }

  @Override
  public Writer execute(Writer writer, List<Object> scopes) {
    Object value = get(scopes);
    if (value == null) {
      findings.missing(name);
    } else {
      String text = oh.stringify(value);
      Optional<String> why = IpxeText.unsafe(text);
      if (why.isPresent()) {
        findings.unsafe(name, why.get());
      } else {
        try {
          writer.write(text);
        } catch (IOException e) {
          throw new MustacheException("cannot write the value of " + name, e, tc);
        }
      }
    }
    return appendText(run(writer, scopes));
  }
}
