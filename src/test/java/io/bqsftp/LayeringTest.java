package io.bqsftp;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packages read in data-flow order: rows are read and encoded (bigquery, csv, compress), files
 * are delivered (sftp, delivery), runs are coordinated (export), recovered (recovery) and
 * triggered (trigger), and the composition root (service, cli) wires them. These rules keep the
 * arrows pointing one way; see docs/architecture.md.
 */
class LayeringTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importMainClasses() {
    classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.bqsftp");
  }

  @Test
  void noPackageCycles() {
    slices().matching("io.bqsftp.(*)..").should().beFreeOfCycles().check(classes);
  }

  @Test
  void lowLevelPackagesDoNotKnowAboutRuns() {
    noClasses().that().resideInAnyPackage(
            "io.bqsftp.csv..", "io.bqsftp.compress..", "io.bqsftp.bigquery..", "io.bqsftp.sftp..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "io.bqsftp.contract..", "io.bqsftp.delivery..", "io.bqsftp.export..",
            "io.bqsftp.recovery..", "io.bqsftp.trigger..", "io.bqsftp.service..", "io.bqsftp.cli..")
        .check(classes);
  }

  @Test
  void deliveryDoesNotKnowTheCoordinator() {
    noClasses().that().resideInAnyPackage("io.bqsftp.delivery..", "io.bqsftp.contract..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "io.bqsftp.export..", "io.bqsftp.recovery..", "io.bqsftp.trigger..",
            "io.bqsftp.service..", "io.bqsftp.cli..")
        .check(classes);
  }

  /** What sibling verticles read (request, result, events, failures) needs none of the engine's packages. */
  @Test
  void theContractDependsOnNoneOfOurPackages() {
    classes().that().resideInAPackage("io.bqsftp.contract..")
        .should().onlyDependOnClassesThat(
            resideInAPackage("io.bqsftp.contract..").or(resideOutsideOfPackage("io.bqsftp..")))
        .check(classes);
  }

  @Test
  void onlyTheCommandLineUsesTheCompositionRoot() {
    noClasses().that().resideOutsideOfPackages("io.bqsftp.service..", "io.bqsftp.cli..", "io.bqsftp")
        .should().dependOnClassesThat().resideInAPackage("io.bqsftp.service..")
        .check(classes);
  }

  @Test
  void nothingImportsTheCommandLine() {
    noClasses().that().resideOutsideOfPackages("io.bqsftp.cli..", "io.bqsftp")
        .should().dependOnClassesThat().resideInAPackage("io.bqsftp.cli..")
        .check(classes);
  }
}
