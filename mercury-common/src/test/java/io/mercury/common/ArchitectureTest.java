package io.mercury.common;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import io.mercury.common.arch.ArchitectureRules;
import io.mercury.common.arch.ModuleArchitectureTest;
import org.junit.jupiter.api.Test;

/**
 * mercury-common: no database at all (MongoDB is mercury-store's, the embedded store
 * mercury-store-embedded's); protocol code knows no transport; only the transport and security
 * (CURVE keys, ZAP) packages touch ZeroMQ; only the boot script package touches mustache.java.
 *
 * <p>The rules are issue 17 item 7's, shared in {@link ArchitectureRules}. Each list of known
 * violations
 * names today's offenders; a new offender fails, and so does an entry that no longer offends.
 */
class ArchitectureTest extends ModuleArchitectureTest {
  @Override
  protected Module module() {
    return Module.of("io.mercury.common").usingOnly("io.mercury.common")
        .withTransport(ArchitectureRules.COMMON_TRANSPORT);
  }

  @Test
  void noDatabaseAtAll() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("com.mongodb..", "org.bson..", "de.bwaldvogel..", "org.h2..", "io.netty..")
        .check(classes());
  }

  @Test
  void protocolAndCodecUseNeitherZeroMqNorTheMongoDriver() {
    noClasses()
        .that()
        .resideInAnyPackage("..common.protocol..", "..common.codec..", "..common.id..", "..common.config..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.zeromq..", "zmq..", "com.mongodb..")
        .check(classes());
  }

  @Test
  void onlyTheBootScriptPackageUsesMustache() {
    noClasses()
        .that()
        .resideOutsideOfPackages("..common.bootscript..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("com.github.mustachejava..")
        .check(classes());
  }
}
