package io.mercury.common.bootscript;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.DefaultMustacheVisitor;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheException;
import com.github.mustachejava.MustacheVisitor;
import com.github.mustachejava.TemplateContext;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.Writer;

/**
 * Compiles a boot script for one rendering. mustache.java binds a template's codes to their factory when
 * it compiles, so the codes that record findings ({@link CheckedValueCode}) can only reach this
 * rendering's {@link RenderFindings} through a factory of its own: one compiler per rendering. A boot
 * script is a few lines, so compiling it again costs little.
 *
 * <p>Partials and parents ({@code {{> name}}}, {@code {{< name}}}) are refused: mustache.java would read
 * them from the working directory or the class path of the process that renders, and so put that
 * process's files (the boot service's keys, say) into a script it serves to anyone who asks.
 */
final class ScriptCompiler extends DefaultMustacheFactory {
  /** The template's name in mustache.java's messages: {@code @[boot.script:2]}. */
  static final String NAME = "boot.script";

  private final RenderFindings findings;

  ScriptCompiler(RenderFindings findings) {
    super(name -> null);
    this.findings = findings;
    setObjectHandler(new DocumentValues());
  }

  /** The compiled template; throws if it does not compile. */
  Mustache compileScript(String source) throws BootScriptException {
    try {
      return compile(new StringReader(source), NAME);
    } catch (MustacheException e) {
      throw new BootScriptException(e.getMessage(), e);
    }
  }

  @Override
  public Reader getReader(String resourceName) {
    throw new MustacheException(
        "a boot script cannot include another template ({{> " + resourceName + "}} or {{< " + resourceName + "}})");
  }

  @Override
  public void encode(String value, Writer writer) {
    // no HTML escaping in an iPXE script; CheckedValueCode writes values itself, this covers the rest
    try {
      writer.write(value);
    } catch (IOException e) {
      throw new MustacheException("cannot write a rendered value", e);
    }
  }

  @Override
  public MustacheVisitor createMustacheVisitor() {
    return new CheckingVisitor(this, findings);
  }

  /** Builds {@link CheckedValueCode} for every variable; the rest as mustache.java does. */
  private static final class CheckingVisitor extends DefaultMustacheVisitor {
    private final RenderFindings findings;

    CheckingVisitor(DefaultMustacheFactory factory, RenderFindings findings) {
      super(factory);
      this.findings = findings;
    }

    @Override
    public void value(TemplateContext tc, String variable, boolean encoded) {
      list.add(new CheckedValueCode(tc, df, variable, encoded, findings));
    }
  }
}
