package org.transitionnet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Every {@code --help} renders without a picocli warning: descriptions are format strings, so a
 * bare {@code %} (say "50%/90%") makes picocli print "[picocli WARN] Could not format ..." to
 * System.err on every help, for every user.
 */
class UsageHelpTest {

  /** Renders the usage help of the command and all its sub-commands, depth first. */
  private static void renderAll(CommandLine cl, List<String> names) {
    names.add(cl.getCommandSpec().qualifiedName());
    assertThat(cl.getUsageMessage()).isNotBlank();
    ByteArrayOutputStream usage = new ByteArrayOutputStream();
    cl.usage(new PrintStream(usage, true, StandardCharsets.UTF_8));
    assertThat(usage.toString(StandardCharsets.UTF_8)).isNotBlank();
    for (CommandLine sub : cl.getSubcommands().values()) {
      renderAll(sub, names);
    }
  }

  /** What picocli writes to System.err while the commands' help is rendered. */
  private static String stderrWhileRendering(Supplier<CommandLine> top, List<String> names) {
    PrintStream stderr = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    try {
      // picocli's tracer picks up System.err anew on each use (unless its level was set in code)
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      renderAll(top.get(), names);
    } finally {
      System.setErr(stderr);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }

  @Test
  void helpOfEveryCommand_rendersWithoutPicocliWarnings() {
    List<String> names = new ArrayList<>();

    String err = stderrWhileRendering(Tnet::commandLine, names);

    assertThat(names)
        .contains("tnet", "tnet whatif", "tnet job", "tnet job watch", "tnet benchmark");
    assertThat(err).as("System.err while rendering help").doesNotContain("[picocli WARN]");
  }

  @Command(name = "bad", description = "a bare percent sign: 50%/90% intervals")
  static final class UnescapedPercent implements Runnable {
    @Override
    public void run() {}
  }

  @Test
  void theCheckAbove_seesAnUnescapedPercent() {
    String err =
        stderrWhileRendering(() -> new CommandLine(new UnescapedPercent()), new ArrayList<>());

    assertThat(err).contains("[picocli WARN]");
  }
}
