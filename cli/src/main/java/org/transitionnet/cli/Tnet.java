package org.transitionnet.cli;

import org.transitionnet.cli.benchmark.BenchCommand;
import org.transitionnet.cli.benchmark.BenchmarkCommand;
import org.transitionnet.cli.demo.DemoCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The top command. To add a sub-command, write a picocli {@code @Command} class and add it to
 * {@code subcommands} below.
 */
@Command(
    name = "tnet",
    mixinStandardHelpOptions = true,
    version = "tnet 0.1.0",
    description = "TransitionNet Federated: learn patient state transitions across hospitals.",
    subcommands = {
      BenchmarkCommand.class,
      BenchCommand.class,
      DemoCommand.class,
      SimulateCommand.class,
      org.transitionnet.cli.research.JobCommand.class,
      org.transitionnet.cli.research.WhatIfCommand.class,
      CommandLine.HelpCommand.class,
    })
public final class Tnet implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.err);
  }

  /** The command line with every sub-command, ready to execute (also used by tests). */
  public static CommandLine commandLine() {
    return new CommandLine(new Tnet()).setCaseInsensitiveEnumValuesAllowed(true);
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }
}
