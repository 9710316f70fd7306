package io.mercury.common.store;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import io.mercury.common.arch.ArchitectureRules;
import io.mercury.common.arch.ModuleArchitectureTest;
import org.junit.jupiter.api.Test;

/**
 * mercury-store-embedded: the embedded store (mongo-java-server on H2) and its launcher, in
 * mercury-common's store package; it uses only mercury-common and serves MongoDB's wire without its
 * driver.
 *
 * <p>The rules are issue 17 item 7's, shared in {@link ArchitectureRules}.
 */
class ArchitectureTest extends ModuleArchitectureTest {
  @Override
  protected Module module() {
    return Module.of("io.mercury.common").usingOnly("io.mercury.common");
  }

  @Test
  void theEmbeddedStoreNeedsNoDriver() {
    noClasses().should().dependOnClassesThat().resideInAnyPackage("com.mongodb..").check(classes());
  }
}
