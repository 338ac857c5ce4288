package org.transitionnet.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DemoCommandOptionsTest {

  private static DemoCommand parse(String... args) {
    DemoCommand demo = new DemoCommand();
    new CommandLine(demo).parseArgs(args);
    return demo;
  }

  @Test
  void defaults_secureAggregationDpAndFhirOn() {
    DemoCommand demo = parse();

    assertThat(demo.secureAggregation).isTrue();
    assertThat(demo.noDp).isFalse();
    assertThat(demo.dpEpsilon).isEqualTo(3.0);
    assertThat(demo.dpDelta).isEqualTo(1e-5);
    assertThat(demo.noFhir).isFalse();
    assertThat(demo.fhirTask).isEqualTo("bp-antihypertensive");
  }

  @Test
  void noFlags_turnEachOff() {
    DemoCommand demo = parse("--no-secure-aggregation", "--no-dp", "--no-fhir", "--dp-epsilon=1");

    assertThat(demo.secureAggregation).isFalse();
    assertThat(demo.noDp).isTrue();
    assertThat(demo.noFhir).isTrue();
    assertThat(demo.dpEpsilon).isEqualTo(1.0);
  }

  @Test
  void help_explainsEveryOption() {
    StringWriter text = new StringWriter();
    CommandLine cli = new CommandLine(new DemoCommand());
    cli.setOut(new PrintWriter(text, true));

    cli.execute("--help");

    for (CommandLine.Model.OptionSpec option : cli.getCommandSpec().options()) {
      assertThat(text.toString()).contains(option.longestName().replaceFirst("^-+", ""));
      assertThat(String.join(" ", option.description()))
          .as("description of %s", option.longestName())
          .isNotBlank();
    }
    assertThat(text.toString()).contains("--[no-]secure-aggregation");
  }

  @Test
  void badDpEpsilon_refusedWithTheFlagNamed() {
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new DemoCommand());
    cli.setErr(new PrintWriter(err, true));
    cli.setOut(new PrintWriter(new StringWriter(), true));

    int exit = cli.execute("--dp-epsilon", "0", "--out", "target/demo-options-test");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("--dp-epsilon must be a positive number");
  }

  @Test
  void negativeEvaluationEpsilon_refusedWithTheFlagNamed_zeroMeansExact() throws Exception {
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new DemoCommand());
    cli.setErr(new PrintWriter(err, true));
    cli.setOut(new PrintWriter(new StringWriter(), true));

    int exit = cli.execute("--evaluation-epsilon", "-1", "--out", "target/demo-options-test");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("--evaluation-epsilon must be 0 (exact) or a positive");
    assertThat(parse().evaluationEpsilon).isZero();
    assertThat(parse("--evaluation-epsilon=4").evaluationEpsilon).isEqualTo(4.0);
  }
}
