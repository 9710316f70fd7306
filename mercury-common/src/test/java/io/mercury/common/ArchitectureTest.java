package io.mercury.common;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Protocol code knows no transport and no database; only the transport and security (CURVE keys, ZAP)
 * packages touch ZeroMQ; only the boot script package touches mustache.java.
 */
class ArchitectureTest {
  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.mercury.common");

  @Test
  void protocolAndCodecUseNeitherZeroMqNorTheMongoDriver() {
    noClasses()
        .that()
        .resideInAnyPackage("..common.protocol..", "..common.codec..", "..common.id..", "..common.config..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.zeromq..", "zmq..", "com.mongodb..")
        .check(CLASSES);
  }

  @Test
  void onlyTheTransportAndSecurityUseZeroMq() {
    noClasses()
        .that()
        .resideOutsideOfPackages("..common.transport..", "..common.security..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.zeromq..", "zmq..")
        .check(CLASSES);
  }

  @Test
  void onlyTheBootScriptPackageUsesMustache() {
    noClasses()
        .that()
        .resideOutsideOfPackages("..common.bootscript..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("com.github.mustachejava..")
        .check(CLASSES);
  }
}
