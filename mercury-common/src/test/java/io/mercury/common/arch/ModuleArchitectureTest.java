package io.mercury.common.arch;

import static io.mercury.common.arch.ArchitectureRules.checkNoPackageCycles;
import static io.mercury.common.arch.ArchitectureRules.onlyStoresUseMongo;
import static io.mercury.common.arch.ArchitectureRules.onlyTransportUsesZeroMq;
import static io.mercury.common.arch.ArchitectureRules.usesOnlyModules;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.mercury.common.arch.ArchitectureRules.CycleBreak;
import io.mercury.common.arch.ArchitectureRules.KnownViolations;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The four rules every module obeys (issue 17 item 7), run for the module a subclass describes: only
 * {@code *.store} uses MongoDB, only its transport packages use ZeroMQ, it uses no other daemon's
 * classes, and its packages have no cycles. A module's {@code ArchitectureTest} extends this, says
 * what it is in {@link #module()}, and adds rules of its own as further tests.
 */
public abstract class ModuleArchitectureTest {
  private static final Map<String, JavaClasses> IMPORTED = new ConcurrentHashMap<>();

  /**
   * What a module is allowed, and what it does today that it should not (each list can only shrink:
   * see {@link KnownViolations}).
   *
   * @param root the module's root package, e.g. {@code io.mercury.boot}
   * @param uses the root packages it may use: its own, mercury-common's, and any other module's it is
   *     built on
   * @param transportPackages its packages that own ZeroMQ sockets
   * @param mongoOutsideStore classes outside {@code *.store} that use MongoDB today
   * @param zeroMqOutsideTransport classes outside the transport packages that use ZeroMQ today
   * @param knownCycles package cycles today, each broken at one named edge
   */
  protected record Module(
      String root,
      List<String> uses,
      List<String> transportPackages,
      KnownViolations mongoOutsideStore,
      KnownViolations zeroMqOutsideTransport,
      List<CycleBreak> knownCycles) {

    /** A module that uses only itself and mercury-common, owns no sockets and has no known violation. */
    public static Module of(String root) {
      return new Module(root, List.of(root, "io.mercury.common"), List.of(), KnownViolations.none(), KnownViolations.none(), List.of());
    }

    /** It may also use these modules' root packages. */
    public Module alsoUsing(String... roots) {
      return new Module(root, Stream.concat(uses.stream(), Stream.of(roots)).toList(), transportPackages, mongoOutsideStore, zeroMqOutsideTransport, knownCycles);
    }

    /** It may use only these root packages (its own included). */
    public Module usingOnly(String... roots) {
      return new Module(root, List.of(roots), transportPackages, mongoOutsideStore, zeroMqOutsideTransport, knownCycles);
    }

    /** These packages own ZeroMQ sockets. */
    public Module withTransport(List<String> packages) {
      return new Module(root, uses, packages, mongoOutsideStore, zeroMqOutsideTransport, knownCycles);
    }

    public Module withMongoOutsideStore(KnownViolations known) {
      return new Module(root, uses, transportPackages, known, zeroMqOutsideTransport, knownCycles);
    }

    public Module withZeroMqOutsideTransport(KnownViolations known) {
      return new Module(root, uses, transportPackages, mongoOutsideStore, known, knownCycles);
    }

    public Module withKnownCycles(CycleBreak... known) {
      return new Module(root, uses, transportPackages, mongoOutsideStore, zeroMqOutsideTransport, List.of(known));
    }
  }

  /** The module under test. */
  protected abstract Module module();

  /** The module's main classes, imported once per test run. */
  protected final JavaClasses classes() {
    return IMPORTED.computeIfAbsent(module().root(), ArchitectureRules::mainClasses);
  }

  @Test
  void onlyTheStoreUsesMongo() {
    onlyStoresUseMongo(module().mongoOutsideStore()).check(classes());
  }

  @Test
  void onlyTheTransportUsesZeroMq() {
    onlyTransportUsesZeroMq(module().transportPackages(), module().zeroMqOutsideTransport()).check(classes());
  }

  @Test
  void usesNoOtherDaemon() {
    usesOnlyModules(module().uses(), KnownViolations.none()).check(classes());
  }

  @Test
  void packagesAreFreeOfCycles() {
    checkNoPackageCycles(module().root(), classes(), module().knownCycles().toArray(CycleBreak[]::new));
  }
}
