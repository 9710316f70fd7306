package io.mercury.cli.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives every test class that asks one {@link HostileStack}, started by the first and kept in the run's
 * root store, so the stack (20 s to start) starts once for both hostile test classes; the store closes it,
 * and its home is deleted, when the run ends. Skips the class when the modules are not packaged.
 */
final class SharedHostileStack implements BeforeAllCallback, ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedHostileStack.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    HostileStack.assumePackaged();
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == HostileStack.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context.getRoot().getStore(NAMESPACE).computeIfAbsent(Home.class, k -> Home.start(), Home.class).stack();
  }

  /** The stack and its temporary home, closed together. */
  private record Home(Path dir, HostileStack stack) implements AutoCloseable {
    static Home start() {
      Path dir = null;
      try {
        dir = Files.createTempDirectory("hostile-stack");
        return new Home(dir, new HostileStack(dir));
      } catch (Exception e) {
        delete(dir);
        throw new IllegalStateException("the hostile stack did not start: " + e.getMessage(), e);
      }
    }

    @Override
    public void close() {
      stack.close();
      delete(dir);
    }

    private static void delete(Path dir) {
      if (dir == null) {
        return;
      }
      try (Stream<Path> all = Files.walk(dir)) {
        all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        // a temporary directory; the OS cleans what is left
      }
    }
  }
}
