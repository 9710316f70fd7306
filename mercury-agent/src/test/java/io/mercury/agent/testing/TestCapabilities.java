package io.mercury.agent.testing;

import io.mercury.agent.capability.AgentEnvironment;
import io.mercury.agent.capability.Capability;
import io.mercury.agent.capability.CapabilityDescriptor;
import io.mercury.agent.capability.CapabilityProvider;
import io.mercury.agent.capability.TaskContext;
import java.util.List;
import java.util.Map;

/**
 * Capabilities for tests, found by {@link java.util.ServiceLoader} through this module's test resources
 * (and so present in any agent started from the test jar): {@code test_sleep(seconds=)}, {@code
 * test_serial_sleep(seconds=)} (serial), {@code test_fail()} (throws), {@code test_error_result()}
 * (returns {@code {error: true}}), {@code test_progress()} (reports progress) and {@code test_unavailable}
 * (never published).
 */
public final class TestCapabilities implements CapabilityProvider {
  @Override
  public List<Capability> capabilities(AgentEnvironment environment) {
    return List.of(
        new Sleep("test_sleep", false),
        new Sleep("test_serial_sleep", true),
        simple("test_fail", (ctx, args) -> {
          throw new IllegalStateException("deliberate failure");
        }),
        simple("test_error_result", (ctx, args) -> Map.of("error", true, "message", "it went wrong")),
        simple("test_progress", (ctx, args) -> {
          ctx.progress("Halfway", 0.5);
          return "done";
        }),
        new Capability() {
          @Override
          public CapabilityDescriptor descriptor() {
            return CapabilityDescriptor.of("test_unavailable", "Never available", "");
          }

          @Override
          public boolean isAvailable() {
            return false;
          }

          @Override
          public Object run(TaskContext ctx, List<Object> args, Map<String, Object> kwargs) {
            throw new AssertionError("an unavailable capability ran");
          }
        });
  }

  private interface Body {
    Object run(TaskContext ctx, List<Object> args) throws Exception;
  }

  private static Capability simple(String name, Body body) {
    return new Capability() {
      @Override
      public CapabilityDescriptor descriptor() {
        return CapabilityDescriptor.of(name, "test capability " + name, "").withNumArgs(0);
      }

      @Override
      public Object run(TaskContext ctx, List<Object> args, Map<String, Object> kwargs) throws Exception {
        return body.run(ctx, args);
      }
    };
  }

  private record Sleep(String name, boolean serial) implements Capability {
    @Override
    public CapabilityDescriptor descriptor() {
      return CapabilityDescriptor.of(name, "Sleeps", "seconds=S")
          .withSerial(serial)
          .withKwargNames(List.of("seconds"));
    }

    @Override
    public Object run(TaskContext ctx, List<Object> args, Map<String, Object> kwargs) throws InterruptedException {
      Thread.sleep(Math.round(((Number) kwargs.get("seconds")).doubleValue() * 1000));
      return "slept";
    }
  }
}
