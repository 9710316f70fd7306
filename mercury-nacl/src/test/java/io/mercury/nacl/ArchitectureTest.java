package io.mercury.nacl;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * mercury-nacl: pure cryptography under JeroMQ's CURVE; it uses no other Mercury module, no ZeroMQ
 * and no
 * database.
 *
 * <p>The one module that cannot use the shared rules in mercury-common's test-jar: mercury-common
 * depends
 * on this module, so the reverse test dependency would be a reactor cycle. The rules here are the
 * same
 * rules, written out; it has no known violations. Its two packages ({@code io.mercury.nacl} and the
 * jnacl
 * replacement {@code com.neilalexander.jnacl.crypto}) are checked together.
 */
class ArchitectureTest {
  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
          .importPackages("io.mercury.nacl", "com.neilalexander.jnacl");

  @Test
  void usesNoDatabaseAndNoZeroMq() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("com.mongodb..", "org.bson..", "org.zeromq..", "zmq..")
        .check(CLASSES);
  }

  @Test
  void usesNoOtherModule() {
    noClasses()
        .should()
        .dependOnClassesThat(resideInAPackage("io.mercury..").and(resideOutsideOfPackage("io.mercury.nacl..")))
        .check(CLASSES);
  }
}
