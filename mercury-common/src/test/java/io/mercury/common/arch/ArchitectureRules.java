package io.mercury.common.arch;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackages;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static java.util.Objects.requireNonNull;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import com.tngtech.archunit.library.dependencies.SliceRule;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The layering rules of issue 17 item 7, shared by every module's {@code ArchitectureTest} (through
 * mercury-common's test-jar).
 *
 * <p>Each rule takes the module's known violations as a {@link KnownViolations} list of class
 * names. A
 * listed class (with its nested classes) is exempt from that one rule; every other class must obey
 * it. The
 * list can only shrink: {@link GuardedRule#check} also fails when a listed class no longer exists
 * or no longer
 * breaks the rule, so whoever fixes one deletes its entry in the same change.
 *
 * <pre>{@code
 * onlyStoresUseMongo(KNOWN_MONGO_USERS).check(CLASSES);
 * }</pre>
 */
public final class ArchitectureRules {
  /** The MongoDB driver and bson. */
  public static final List<String> MONGO = List.of("com.mongodb..", "org.bson..");

  /** JeroMQ: its API and its engine. */
  public static final List<String> ZEROMQ = List.of("org.zeromq..", "zmq..");

  /**
   * mercury-common's packages that own ZeroMQ sockets: the transport and the CURVE/ZAP security.
   */
  public static final List<String> COMMON_TRANSPORT =
      List.of("io.mercury.common.transport..", "io.mercury.common.security..");

  private ArchitectureRules() {}

  /**
   * The main (not test, not jar) classes under the given root packages, as the module's build
   * compiled them.
   */
  public static JavaClasses mainClasses(String... rootPackages) {
    // only this module's own target/classes: mercury-store and mercury-store-embedded share
    // mercury-common's package names, and a sibling module's classes directory is on the class path
    String own = Path.of("target", "classes").toAbsolutePath() + "/";
    return new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
        .withImportOption(location -> String.valueOf(location.asURI().getPath()).startsWith(own))
        .importPackages(rootPackages);
  }

  /** Only classes in a {@code *.store} package use the MongoDB driver or bson. */
  public static GuardedRule onlyStoresUseMongo(KnownViolations known) {
    return new GuardedRule(
        "only *.store packages use com.mongodb or org.bson",
        resideOutsideOfPackages("..store.."),
        resideInAnyPackage(MONGO.toArray(String[]::new)),
        known);
  }

  /**
   * Only the given transport packages use ZeroMQ. {@code ZContext} is exempt everywhere: it is the
   * process's socket factory, created by a daemon's main and handed to its transport, and holding
   * it
   * opens no socket.
   */
  public static GuardedRule onlyTransportUsesZeroMq(List<String> transportPackages, KnownViolations known) {
    DescribedPredicate<JavaClass> zeroMq =
        DescribedPredicate.describe(
            "ZeroMQ (other than ZContext)",
            (JavaClass c) ->
                resideInAnyPackage(ZEROMQ.toArray(String[]::new)).test(c)
                    && !c.getName().equals("org.zeromq.ZContext"));
    return new GuardedRule(
        "only " + transportPackages + " use ZeroMQ",
        resideOutsideOfPackages(transportPackages.toArray(String[]::new)),
        zeroMq,
        known);
  }

  /**
   * The module reaches no other Mercury module except the ones named: a daemon never uses another
   * daemon's classes, it talks to it through common's protocol and transport.
   *
   * @param allowedRoots the module's own root package(s) and those of the modules it may use, e.g.
   *     {@code "io.mercury.agent", "io.mercury.common"}
   */
  public static GuardedRule usesOnlyModules(List<String> allowedRoots, KnownViolations known) {
    String[] allowed = allowedRoots.stream().map(root -> root + "..").toArray(String[]::new);
    return new GuardedRule(
        "Mercury classes come only from " + allowedRoots,
        DescribedPredicate.alwaysTrue(),
        resideInAPackage("io.mercury..").and(resideOutsideOfPackages(allowed)).as("another module's classes"),
        known);
  }

  /**
   * The classes of the given packages (and below) do not use the given packages: e.g. cli's
   * commands
   * reach the services only through {@code io.mercury.cli.client}.
   */
  public static GuardedRule doNotUse(
      List<String> userPackages, List<String> forbiddenPackages, KnownViolations known) {
    return new GuardedRule(
        userPackages + " do not use " + forbiddenPackages,
        resideInAnyPackage(userPackages.toArray(String[]::new)),
        resideInAnyPackage(forbiddenPackages.toArray(String[]::new)),
        known);
  }

  /**
   * No cycles between the module's packages. Each direct subpackage of {@code rootPackage} (with
   * what is
   * under it) is one slice, and the root package itself is another, so a cycle through the daemon's
   * wiring counts too. Each known cycle is broken at one named edge, which the check leaves out; an
   * edge
   * that no longer exists fails the check, so the list can only shrink.
   */
  public static void checkNoPackageCycles(String rootPackage, JavaClasses classes, CycleBreak... known) {
    SliceAssignment bySubpackage =
        new SliceAssignment() {
          @Override
          public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            String name = javaClass.getPackageName();
            if (name.equals(rootPackage)) {
              return SliceIdentifier.of("(root)");
            }
            if (!name.startsWith(rootPackage + ".")) {
              return SliceIdentifier.ignore();
            }
            String rest = name.substring(rootPackage.length() + 1);
            int dot = rest.indexOf('.');
            return SliceIdentifier.of(dot < 0 ? rest : rest.substring(0, dot));
          }

          @Override
          public String getDescription() {
            return "packages of " + rootPackage;
          }
        };
    SliceRule rule = SlicesRuleDefinition.slices().assignedFrom(bySubpackage).should().beFreeOfCycles();
    List<String> stale = new ArrayList<>();
    for (CycleBreak edge : known) {
      DescribedPredicate<JavaClass> origin =
          DescribedPredicate.describe(
              edge.fromClass(), (JavaClass c) -> KnownViolations.isOrIsNestedIn(c, edge.fromClass()));
      DescribedPredicate<JavaClass> target = resideInAPackage(edge.toPackage());
      rule = rule.ignoreDependency(origin, target);
      boolean exists =
          classes.stream()
              .filter(origin)
              .flatMap(c -> c.getDirectDependenciesFromSelf().stream())
              .anyMatch(d -> target.test(d.getTargetClass()));
      if (!exists) {
        stale.add(edge.toString());
      }
    }
    rule.check(classes);
    if (!stale.isEmpty()) {
      throw new AssertionError(
          "These known cycle edges no longer exist; delete them from the module's ArchitectureTest: " + stale);
    }
  }

  /**
   * A known package cycle, broken for the check at one edge: the dependencies of {@code fromClass}
   * (and
   * its nested classes) on {@code toPackage}, an ArchUnit package identifier such as {@code
   * "io.mercury.agent"} (that package only) or {@code "io.mercury.cli.command.."} (and below).
   */
  public record CycleBreak(String fromClass, String toPackage) {
    public CycleBreak {
      requireNonNull(fromClass, "fromClass is null");
      requireNonNull(toPackage, "toPackage is null");
    }
  }

  /**
   * A "no class that … uses …" rule with a list of exempt classes.
   *
   * @param subjects the classes the rule speaks of
   * @param forbidden the dependency targets they must not use
   */
  public record GuardedRule(
      String description,
      DescribedPredicate<? super JavaClass> subjects,
      DescribedPredicate<? super JavaClass> forbidden,
      KnownViolations known) {
    public GuardedRule {
      requireNonNull(description, "description is null");
      requireNonNull(subjects, "subjects is null");
      requireNonNull(forbidden, "forbidden is null");
      requireNonNull(known, "known is null");
    }

    /**
     * Fails on a new violation, and on a known violation that was fixed or removed but is still
     * listed.
     */
    public void check(JavaClasses classes) {
      DescribedPredicate<JavaClass> exempt =
          DescribedPredicate.describe("a known violation of issue 17", known::covers);
      noClasses()
          .that(subjects)
          .and(DescribedPredicate.not(exempt))
          .should()
          .dependOnClassesThat(forbidden)
          .as(description)
          .because("issue 17 item 7; a known violation is listed by name in the module's ArchitectureTest")
          // a module wholly inside the allowed packages (mercury-store-embedded is all *.store) has no subjects
          .allowEmptyShould(true)
          .check(classes);

      List<String> stale = new ArrayList<>();
      for (String name : known.classNames()) {
        boolean stillViolates =
            classes.stream()
                .filter(c -> KnownViolations.isOrIsNestedIn(c, name))
                .filter(subjects)
                .flatMap(c -> c.getDirectDependenciesFromSelf().stream())
                .anyMatch(d -> forbidden.test(d.getTargetClass()));
        if (!stillViolates) {
          stale.add(name);
        }
      }
      if (!stale.isEmpty()) {
        throw new AssertionError(
            "Rule '" + description + "': these known violations no longer break it (fixed, moved or"
                + " renamed); delete them from the module's ArchitectureTest: " + stale);
      }
    }
  }

  /** Classes, by fully qualified name, exempt from one rule until issue 17 moves them. */
  public record KnownViolations(List<String> classNames) {
    public KnownViolations {
      classNames = List.copyOf(classNames);
    }

    public static KnownViolations none() {
      return new KnownViolations(List.of());
    }

    public static KnownViolations of(String... classNames) {
      return new KnownViolations(Arrays.asList(classNames));
    }

    boolean covers(JavaClass javaClass) {
      return classNames.stream().anyMatch(name -> isOrIsNestedIn(javaClass, name));
    }

    static boolean isOrIsNestedIn(JavaClass javaClass, String name) {
      String className = javaClass.getName();
      return className.equals(name) || className.startsWith(name + "$");
    }
  }
}
