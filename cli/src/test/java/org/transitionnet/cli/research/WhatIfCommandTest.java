package org.transitionnet.cli.research;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transitionnet.cli.Tnet;
import org.transitionnet.whatif.ModelFile;
import org.transitionnet.whatif.WhatIf;
import picocli.CommandLine;

class WhatIfCommandTest {

  @TempDir Path dir;

  private record Run(int exit, String out, String err) {}

  private static Run tnet(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Tnet.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return new Run(cl.execute(args), out.toString(), err.toString());
  }

  @Test
  void pbc_answersWithIntervalsEvidenceAndTheLabel_thenRefusesAnAbsurdState() throws Exception {
    Path model = dir.resolve("pbc.model.json");
    Path evidence = dir.resolve("evidence.json");
    Files.writeString(
        evidence,
        "{\"drug:D-penicillamine\": [{\"target\": \"copper\", \"pathway\": \"chelation\","
            + " \"biomarker\": \"bilirubin\", \"expectedDirection\": \"DOWN\","
            + " \"validationSource\": \"trial hypothesis\"}]}");

    Run answer =
        tnet(
            "whatif",
            "--data",
            "../datasets/pbc/pbcseq.csv",
            "--mapping",
            "../datasets/pbc/pbc-mapping.json",
            "--epochs",
            "1",
            "--evidence",
            evidence.toString(),
            "--save-model",
            model.toString(),
            "--var",
            "bilirubin=1.4",
            "--var",
            "albumin=3.5",
            "--var",
            "stage=3",
            "--var",
            "interval_days=365");

    assertThat(answer.exit()).as(answer.err()).isZero();
    assertThat(answer.out())
        .startsWith("=")
        .contains(WhatIf.HYPOTHESIS_LABEL)
        .contains("drug:D-penicillamine")
        .contains("placebo:placebo")
        .contains("  50%  ")
        .contains("  90%  ")
        .contains("copper -> chelation -> bilirubin expected down (source: trial hypothesis)")
        .contains("follow-up after 365 days");
    assertThat(ModelFile.read(model).evidence()).containsKey("drug:D-penicillamine");

    Run refused = tnet("whatif", "--model", model.toString(), "--var", "albumin=40");

    assertThat(refused.exit()).isEqualTo(WhatIfCommand.REFUSED);
    assertThat(refused.out()).isEmpty();
    assertThat(refused.err())
        .contains("refused: albumin: too far outside the training data")
        .contains(WhatIf.HYPOTHESIS_LABEL);
  }

  @Test
  void missingDataFile_isABadInputNamingTheOptionAndThePath() {
    Path missing = dir.resolve("missing.csv");

    Run run =
        tnet(
            "whatif",
            "--data",
            missing.toString(),
            "--mapping",
            "../datasets/pbc/pbc-mapping.json",
            "--var",
            "bilirubin=1.4");

    assertThat(run.exit()).isEqualTo(WhatIfCommand.BAD_INPUT);
    assertThat(run.err().strip()).isEqualTo("tnet whatif: --data: no such file: " + missing);
  }

  @Test
  void unreadableModelFile_isABadInputNamingTheFile() throws Exception {
    Path bogus = dir.resolve("bogus.json");
    Files.writeString(bogus, "{\"format\": \"something-else\"}");

    Run run = tnet("whatif", "--model", bogus.toString());

    assertThat(run.exit()).isEqualTo(WhatIfCommand.BAD_INPUT);
    assertThat(run.err()).contains("bogus.json").contains("format");
  }
}
